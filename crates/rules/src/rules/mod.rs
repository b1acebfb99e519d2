//! The registry: every rule, in the order `iacgrade rules` lists them. One file per rule,
//! named after its id; helpers shared by a family of rules live beside them (`s3.rs`).
//!
//! Id prefixes: ENC encryption at rest, TLS encryption in transit, NET public exposure, IAM
//! permissions, SEC secrets, AVL availability, LOG logging and monitoring, DST destroyability,
//! IMG container images, RUN runtimes, DEP deployability (what CloudFormation or the service
//! rejects at deploy time: schema values, undeclared references, cycles; critical, unlike the
//! others; helpers in `deploy/` and `service_limits.rs`). Ids are stable: a retired rule's id is never reused.

pub(crate) mod deploy;
pub(crate) mod s3;
mod service_limits;

mod avl001_rds_single_az;
mod avl002_elasticache_single_node;
mod dep001_value_not_allowed;
mod dep002_value_pattern_mismatch;
mod dep003_value_length;
mod dep004_value_out_of_range;
mod dep005_value_wrong_type;
mod dep006_nested_required_missing;
mod dep007_exclusive_properties;
mod dep008_undeclared_reference;
mod dep009_depends_on_undeclared;
mod dep010_dependency_cycle;
mod dep011_duplicate_export;
mod dep012_undeclared_condition;
mod dep013_undeclared_mapping;
mod dep014_parameter_default_not_allowed;
mod dep015_duplicate_primary_identifier;
mod dep016_lambda_runtime_create_blocked;
mod dep017_parameter_definition_invalid;
mod dep018_deletion_policy_value;
mod dep020_lambda_reserved_environment_key;
mod dep021_account_singleton;
mod dep022_db_master_username;
mod dep023_db_password_characters;
mod dep024_resource_name_rejected;
mod dep025_ecs_launch_type_and_capacity_providers;
mod dep026_log_group_key_policy;
mod dep027_terraform_undeclared_reference;
mod dep028_security_group_cycle;
mod dep029_terraform_dependency_cycle;
mod dep030_placeholder_account;
mod dst001_retain_on_delete;
mod dst002_deletion_protection;
mod dst003_prevent_destroy;
mod enc001_s3_bucket_encryption;
mod enc002_rds_storage_encryption;
mod enc003_ebs_encryption;
mod enc004_efs_encryption;
mod enc005_elasticache_at_rest;
mod enc006_sqs_encryption_disabled;
mod enc007_sns_topic_encryption;
mod enc008_kinesis_stream_encryption;
mod enc009_log_group_kms;
mod enc010_kms_required_by_prompt;
mod iam001_wildcard_admin_statement;
mod iam002_passrole_wildcard;
mod iam003_administrator_access_attached;
mod img001_mutable_image_tag;
mod log001_log_retention_unset;
mod log002_vpc_flow_logs;
mod log003_cloudtrail_requested;
mod net001_world_open_admin_port;
mod net002_s3_public_access;
mod net003_public_database;
mod net004_public_ip_private_workload;
mod run001_deprecated_lambda_runtime;
mod sec001_plaintext_secret;
mod tls001_elasticache_transit;
mod tls002_rds_force_ssl;
mod tls003_http_listener;
mod tls004_s3_tls_only;

pub use avl001_rds_single_az::DatabaseSingleAz;
pub use avl002_elasticache_single_node::CacheWithoutFailover;
pub use dep001_value_not_allowed::ValueNotAllowedBySchema;
pub use dep002_value_pattern_mismatch::ValueDoesNotMatchSchemaPattern;
pub use dep003_value_length::ValueLengthOutsideSchema;
pub use dep004_value_out_of_range::ValueOutOfSchemaRange;
pub use dep005_value_wrong_type::ValueOfWrongType;
pub use dep006_nested_required_missing::NestedRequiredPropertyMissing;
pub use dep007_exclusive_properties::SchemaPropertyCombination;
pub use dep008_undeclared_reference::UndeclaredReference;
pub use dep009_depends_on_undeclared::DependsOnUndeclared;
pub use dep010_dependency_cycle::DependencyCycle;
pub use dep011_duplicate_export::DuplicateExportName;
pub use dep012_undeclared_condition::UndeclaredCondition;
pub use dep013_undeclared_mapping::UndeclaredMapping;
pub use dep014_parameter_default_not_allowed::ParameterDefaultNotAllowed;
pub use dep015_duplicate_primary_identifier::DuplicatePrimaryIdentifier;
pub use dep016_lambda_runtime_create_blocked::LambdaRuntimeCreateBlocked;
pub use dep017_parameter_definition_invalid::ParameterDefinitionInvalid;
pub use dep018_deletion_policy_value::DeletionPolicyValue;
pub use dep020_lambda_reserved_environment_key::LambdaReservedEnvironmentKey;
pub use dep021_account_singleton::AccountSingletonCreated;
pub use dep022_db_master_username::DatabaseMasterUsernameRejected;
pub use dep023_db_password_characters::DatabasePasswordCharacters;
pub use dep024_resource_name_rejected::ResourceNameRejected;
pub use dep025_ecs_launch_type_and_capacity_providers::EcsLaunchTypeWithCapacityProviders;
pub use dep026_log_group_key_policy::LogGroupKeyPolicyWithoutLogs;
pub use dep027_terraform_undeclared_reference::TerraformUndeclaredReference;
pub use dep028_security_group_cycle::SecurityGroupCycle;
pub use dep029_terraform_dependency_cycle::TerraformDependencyCycle;
pub use dep030_placeholder_account::PlaceholderAccountOrArn;
pub use dst001_retain_on_delete::RetainedOnDelete;
pub use dst002_deletion_protection::DeletionProtectionEnabled;
pub use dst003_prevent_destroy::PreventDestroy;
pub use enc001_s3_bucket_encryption::S3BucketEncryptionNotDeclared;
pub use enc002_rds_storage_encryption::DatabaseStorageUnencrypted;
pub use enc003_ebs_encryption::EbsVolumeUnencrypted;
pub use enc004_efs_encryption::EfsUnencrypted;
pub use enc005_elasticache_at_rest::ElasticacheAtRestUnencrypted;
pub use enc006_sqs_encryption_disabled::SqsQueueEncryptionDisabled;
pub use enc007_sns_topic_encryption::SnsTopicUnencrypted;
pub use enc008_kinesis_stream_encryption::KinesisStreamUnencrypted;
pub use enc009_log_group_kms::LogGroupWithoutKms;
pub use enc010_kms_required_by_prompt::KmsRequiredByRequest;
pub use iam001_wildcard_admin_statement::WildcardAdminStatement;
pub use iam002_passrole_wildcard::PassRoleOnEveryRole;
pub use iam003_administrator_access_attached::AdministratorAccessAttached;
pub use img001_mutable_image_tag::MutableImageTag;
pub use log001_log_retention_unset::LogRetentionUnset;
pub use log002_vpc_flow_logs::VpcWithoutFlowLogs;
pub use log003_cloudtrail_requested::CloudTrailMissing;
pub use net001_world_open_admin_port::WorldOpenAdminPort;
pub use net002_s3_public_access::S3PublicAccessAllowed;
pub use net003_public_database::PubliclyAccessibleDatabase;
pub use net004_public_ip_private_workload::PublicIpOnPrivateWorkload;
pub use run001_deprecated_lambda_runtime::DeprecatedLambdaRuntime;
pub use sec001_plaintext_secret::PlaintextSecret;
pub use tls001_elasticache_transit::ElasticacheTransitUnencrypted;
pub use tls002_rds_force_ssl::DatabaseTlsNotEnforced;
pub use tls003_http_listener::HttpListenerWithoutRedirect;
pub use tls004_s3_tls_only::S3BucketAllowsHttp;

use crate::rule::Rule;

static RULES: [&dyn Rule; 61] = [
    &S3BucketEncryptionNotDeclared,
    &DatabaseStorageUnencrypted,
    &EbsVolumeUnencrypted,
    &EfsUnencrypted,
    &ElasticacheAtRestUnencrypted,
    &SqsQueueEncryptionDisabled,
    &SnsTopicUnencrypted,
    &KinesisStreamUnencrypted,
    &LogGroupWithoutKms,
    &KmsRequiredByRequest,
    &ElasticacheTransitUnencrypted,
    &DatabaseTlsNotEnforced,
    &HttpListenerWithoutRedirect,
    &S3BucketAllowsHttp,
    &WorldOpenAdminPort,
    &S3PublicAccessAllowed,
    &PubliclyAccessibleDatabase,
    &PublicIpOnPrivateWorkload,
    &WildcardAdminStatement,
    &PassRoleOnEveryRole,
    &AdministratorAccessAttached,
    &PlaintextSecret,
    &DatabaseSingleAz,
    &CacheWithoutFailover,
    &LogRetentionUnset,
    &VpcWithoutFlowLogs,
    &CloudTrailMissing,
    &RetainedOnDelete,
    &DeletionProtectionEnabled,
    &PreventDestroy,
    &MutableImageTag,
    &DeprecatedLambdaRuntime,
    &ValueNotAllowedBySchema,
    &ValueDoesNotMatchSchemaPattern,
    &ValueLengthOutsideSchema,
    &ValueOutOfSchemaRange,
    &ValueOfWrongType,
    &NestedRequiredPropertyMissing,
    &SchemaPropertyCombination,
    &UndeclaredReference,
    &DependsOnUndeclared,
    &DependencyCycle,
    &DuplicateExportName,
    &UndeclaredCondition,
    &UndeclaredMapping,
    &ParameterDefaultNotAllowed,
    &DuplicatePrimaryIdentifier,
    &LambdaRuntimeCreateBlocked,
    &ParameterDefinitionInvalid,
    &DeletionPolicyValue,
    &LambdaReservedEnvironmentKey,
    &AccountSingletonCreated,
    &DatabaseMasterUsernameRejected,
    &DatabasePasswordCharacters,
    &ResourceNameRejected,
    &EcsLaunchTypeWithCapacityProviders,
    &LogGroupKeyPolicyWithoutLogs,
    &TerraformUndeclaredReference,
    &SecurityGroupCycle,
    &TerraformDependencyCycle,
    &PlaceholderAccountOrArn,
];

/// Every rule, in id order within each family.
pub fn all_rules() -> &'static [&'static dyn Rule] {
    &RULES
}

/// The rule with this id (case-insensitive) or kebab-case name.
pub fn rule_by_id(id_or_name: &str) -> Option<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.id().eq_ignore_ascii_case(id_or_name) || r.name() == id_or_name)
}
