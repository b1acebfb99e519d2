//! The pipeline's controlled vocabularies (metadata schema and subtask/label taxonomy), as the
//! checkpoints compare against them.

pub const COMPLEXITIES: &[&str] = &["medium", "hard", "expert"];
pub const TURN_TYPES: &[&str] = &["single", "multi"];
pub const TEAMS: &[&str] = &[
    "2", "3", "4", "5", "6", "synth", "synth-1", "synth-2", "stf",
];

pub const SUBTASKS: &[&str] = &[
    "Provisioning of Infrastructure Environments",
    "Application Deployment",
    "CI/CD Pipeline Integration",
    "Failure Recovery and High Availability",
    "Security, Compliance, and Governance",
    "IaC Program Optimization",
    "Infrastructure QA and Management",
];

/// Every subject label the taxonomy and the schema know, including both spellings of the
/// multi-environment label (the taxonomy's long form and the schema's short one).
pub const SUBJECT_LABELS: &[&str] = &[
    "Environment Migration",
    "Cloud Environment Setup",
    "Multi-Environment Consistency",
    "Multi-Environment Consistency and Replication",
    "Web Application Deployment",
    "Serverless Infrastructure (Functions as Code)",
    "CI/CD Pipeline",
    "Failure Recovery Automation",
    "Security Configuration as Code",
    "IaC Diagnosis/Edits",
    "IaC Optimization",
    "Infrastructure Analysis/Monitoring",
    "General Infrastructure Tooling QA",
];

/// Subject labels that force a platform (and its languages).
pub const LABEL_PLATFORMS: &[(&str, iacgrade_task::Platform)] = &[
    (
        "Infrastructure Analysis/Monitoring",
        iacgrade_task::Platform::Analysis,
    ),
    (
        "General Infrastructure Tooling QA",
        iacgrade_task::Platform::Analysis,
    ),
    ("CI/CD Pipeline", iacgrade_task::Platform::Cicd),
];
