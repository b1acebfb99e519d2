//! A CloudFormation stack created for one run, through the AWS SDK for Rust: create it, wait,
//! read its resources and outputs, delete it and check that it is gone. Dropping a stack that
//! was created and not deleted deletes it (best effort), so a panic leaves nothing behind.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use aws_sdk_cloudformation::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_cloudformation::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_cloudformation::types::{Capability, Parameter, StackStatus};
use aws_sdk_cloudformation::Client;

use crate::environment::{EMULATOR_ACCESS_KEY, EMULATOR_SECRET_KEY};
use crate::report::DeployedResource;

/// Where the stack goes.
#[derive(Debug, Clone)]
pub struct StackTarget {
    pub region: String,
    /// The emulator's endpoint; `None` for the real account of the caller's credentials.
    pub endpoint: Option<String>,
}

/// An AWS call that did not succeed.
#[derive(Debug, Clone, PartialEq)]
pub struct StackError {
    /// "CreateStack: ValidationError: Template format error: ..."
    pub message: String,
    /// The service failed (HTTP 5xx, no answer), not the request: against the emulator this
    /// says the emulator could not handle the template, not that the template is wrong.
    pub service_fault: bool,
}

impl std::fmt::Display for StackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// One line for an SDK error: the service's code and message when it answered, the
/// transport's error chain otherwise.
fn stack_error<E>(operation: &str, error: &SdkError<E>) -> StackError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match error {
        SdkError::ServiceError(service) => {
            let status = service.raw().status().as_u16();
            let err = service.err();
            let message = match (err.code(), err.message()) {
                (Some(code), Some(message)) => format!("{code}: {message}"),
                (Some(code), None) => code.to_string(),
                (None, Some(message)) => message.to_string(),
                (None, None) => format!("HTTP {status} without an error message"),
            };
            StackError {
                message: format!("{operation}: {message}"),
                service_fault: status >= 500,
            }
        }
        other => StackError {
            message: format!("{operation}: {}", DisplayErrorContext(other)),
            service_fault: true,
        },
    }
}

/// How creating the stack ended.
#[derive(Debug, Clone, PartialEq)]
pub enum CreateOutcome {
    Complete,
    Failed { status: String, reason: String },
    TimedOut { status: String },
}

/// A stack of this run.
pub struct RunStack {
    runtime: tokio::runtime::Runtime,
    client: Client,
    pub name: String,
    poll: Duration,
    created: bool,
    deleted: bool,
}

impl RunStack {
    /// A client for `target`. Against the emulator it reads nothing of the environment: dummy
    /// credentials, the emulator's endpoint, the given region.
    pub fn connect(target: &StackTarget, name: &str) -> Result<RunStack, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the async runtime: {e}"))?;
        let timeouts = aws_sdk_cloudformation::config::timeout::TimeoutConfig::builder()
            .operation_timeout(Duration::from_secs(120))
            .connect_timeout(Duration::from_secs(10))
            .build();
        let (client, poll) = match &target.endpoint {
            Some(endpoint) => {
                let config = aws_sdk_cloudformation::Config::builder()
                    .behavior_version(BehaviorVersion::latest())
                    .region(Region::new(target.region.clone()))
                    .credentials_provider(Credentials::new(
                        EMULATOR_ACCESS_KEY,
                        EMULATOR_SECRET_KEY,
                        None,
                        None,
                        "iacgrade-emulator",
                    ))
                    .endpoint_url(endpoint)
                    .timeout_config(timeouts)
                    .build();
                (Client::from_conf(config), Duration::from_millis(250))
            }
            None => {
                let shared = runtime.block_on(
                    aws_config::defaults(BehaviorVersion::latest())
                        .region(Region::new(target.region.clone()))
                        .timeout_config(timeouts)
                        .load(),
                );
                (Client::new(&shared), Duration::from_secs(5))
            }
        };
        Ok(RunStack {
            runtime,
            client,
            name: name.to_string(),
            poll,
            created: false,
            deleted: false,
        })
    }

    /// Creates the stack and waits until it is complete, failed, or `deadline` passes.
    pub fn create(
        &mut self,
        template_body: &str,
        parameters: &[(String, String)],
        deadline: Instant,
    ) -> Result<CreateOutcome, StackError> {
        let params: Vec<Parameter> = parameters
            .iter()
            .map(|(k, v)| {
                Parameter::builder()
                    .parameter_key(k)
                    .parameter_value(v)
                    .build()
            })
            .collect();
        let request = self
            .client
            .create_stack()
            .stack_name(&self.name)
            .client_request_token(format!("{}-create", self.name))
            .template_body(template_body)
            .set_parameters(Some(params))
            .capabilities(Capability::CapabilityIam)
            .capabilities(Capability::CapabilityNamedIam)
            .capabilities(Capability::CapabilityAutoExpand)
            .send();
        match self.runtime.block_on(request) {
            Ok(_) => {}
            // The name is this run's own: when a retried CreateStack (after a lost answer)
            // finds the stack, it is the one the first attempt created.
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_already_exists_exception()) => {}
            Err(e) => return Err(stack_error("CreateStack", &e)),
        }
        self.created = true;
        loop {
            let status = self.status()?;
            let text = status.as_str().to_string();
            if !text.ends_with("_IN_PROGRESS") {
                return Ok(if status == StackStatus::CreateComplete {
                    CreateOutcome::Complete
                } else {
                    CreateOutcome::Failed {
                        reason: self.first_failure().unwrap_or_else(|| text.clone()),
                        status: text,
                    }
                });
            }
            if Instant::now() >= deadline {
                return Ok(CreateOutcome::TimedOut { status: text });
            }
            std::thread::sleep(self.poll);
        }
    }

    fn status(&self) -> Result<StackStatus, StackError> {
        let out = self
            .runtime
            .block_on(self.client.describe_stacks().stack_name(&self.name).send())
            .map_err(|e| stack_error("DescribeStacks", &e))?;
        out.stacks()
            .first()
            .and_then(|s| s.stack_status().cloned())
            .ok_or_else(|| StackError {
                message: "DescribeStacks returned no stack status".to_string(),
                service_fault: true,
            })
    }

    /// The reason of the earliest failed event ("Resource handler returned message: ...").
    fn first_failure(&self) -> Option<String> {
        let out = self
            .runtime
            .block_on(
                self.client
                    .describe_stack_events()
                    .stack_name(&self.name)
                    .send(),
            )
            .ok()?;
        out.stack_events()
            .iter()
            .rev()
            .find(|e| {
                e.resource_status()
                    .is_some_and(|s| s.as_str().ends_with("_FAILED"))
                    && e.resource_status_reason().is_some()
            })
            .map(|e| {
                format!(
                    "{}: {}",
                    e.logical_resource_id().unwrap_or("?"),
                    e.resource_status_reason().unwrap_or_default()
                )
            })
    }

    /// The stack's resources (DescribeStackResources).
    pub fn resources(&self) -> Result<Vec<DeployedResource>, StackError> {
        let out = self
            .runtime
            .block_on(
                self.client
                    .describe_stack_resources()
                    .stack_name(&self.name)
                    .send(),
            )
            .map_err(|e| stack_error("DescribeStackResources", &e))?;
        Ok(out
            .stack_resources()
            .iter()
            .map(|r| DeployedResource {
                logical_id: r.logical_resource_id().unwrap_or_default().to_string(),
                resource_type: r.resource_type().unwrap_or_default().to_string(),
                physical_id: r.physical_resource_id().unwrap_or_default().to_string(),
                status: r
                    .resource_status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
            })
            .collect())
    }

    /// The stack's outputs, flat: {OutputKey: OutputValue}.
    pub fn outputs(&self) -> Result<BTreeMap<String, String>, StackError> {
        let out = self
            .runtime
            .block_on(self.client.describe_stacks().stack_name(&self.name).send())
            .map_err(|e| stack_error("DescribeStacks", &e))?;
        Ok(out
            .stacks()
            .first()
            .map(|s| {
                s.outputs()
                    .iter()
                    .filter_map(|o| {
                        Some((
                            o.output_key()?.to_string(),
                            o.output_value().unwrap_or_default().to_string(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Deletes the stack and waits until it is gone. `Ok(true)` when verified gone.
    pub fn delete(&mut self, deadline: Instant) -> Result<bool, StackError> {
        if !self.created || self.deleted {
            return Ok(true);
        }
        self.runtime
            .block_on(self.client.delete_stack().stack_name(&self.name).send())
            .map_err(|e| stack_error("DeleteStack", &e))?;
        loop {
            match self.status() {
                Err(e) if e.message.contains("does not exist") => break,
                Ok(StackStatus::DeleteComplete) => break,
                Ok(StackStatus::DeleteFailed) => {
                    return Err(StackError {
                        message: format!(
                            "DELETE_FAILED: {}",
                            self.first_failure().unwrap_or_default()
                        ),
                        service_fault: false,
                    })
                }
                Err(e) => return Err(e),
                Ok(_) => {}
            }
            if Instant::now() >= deadline {
                return Ok(false);
            }
            std::thread::sleep(self.poll);
        }
        self.deleted = true;
        Ok(true)
    }
}

impl Drop for RunStack {
    fn drop(&mut self) {
        if self.created && !self.deleted {
            let _ = self.delete(Instant::now() + Duration::from_secs(120));
        }
    }
}

/// The stack name of a run: letters, digits and hyphens, starting with a letter, at most 128.
pub fn stack_name(task_id: &str, suffix: &str) -> String {
    let cleaned: String = task_id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let name = format!("iacgrade-{}-{suffix}", cleaned.trim_matches('-'));
    let mut name: String = name.chars().take(128).collect();
    while name.ends_with('-') {
        name.pop();
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stack_names_are_valid() {
        assert_eq!(stack_name("Pr 1342/x", "r1"), "iacgrade-Pr-1342-x-r1");
        assert!(stack_name(&"a".repeat(300), "r").len() <= 128);
    }
}
