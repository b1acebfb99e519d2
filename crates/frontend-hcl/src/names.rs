//! Which argument of a Terraform resource type sets the physical name.
//!
//! Most AWS resources take `name` (or `name_prefix`); the types below use another argument, and
//! for them `name`-like arguments that point at another resource (`function_name` on
//! `aws_lambda_permission`) are never read as the name. Data sources and modules have no
//! physical name of their own.

/// Types whose naming argument is not `name`, in order of preference.
const NAME_ARGUMENTS: &[(&str, &[&str])] = &[
    ("aws_s3_bucket", &["bucket", "bucket_prefix"]),
    ("aws_s3_directory_bucket", &["bucket"]),
    ("aws_lambda_function", &["function_name"]),
    ("aws_db_instance", &["identifier", "identifier_prefix"]),
    (
        "aws_rds_cluster_instance",
        &["identifier", "identifier_prefix"],
    ),
    (
        "aws_docdb_cluster_instance",
        &["identifier", "identifier_prefix"],
    ),
    (
        "aws_neptune_cluster_instance",
        &["identifier", "identifier_prefix"],
    ),
    (
        "aws_rds_cluster",
        &["cluster_identifier", "cluster_identifier_prefix"],
    ),
    (
        "aws_docdb_cluster",
        &["cluster_identifier", "cluster_identifier_prefix"],
    ),
    (
        "aws_neptune_cluster",
        &["cluster_identifier", "cluster_identifier_prefix"],
    ),
    ("aws_redshift_cluster", &["cluster_identifier"]),
    ("aws_rds_global_cluster", &["global_cluster_identifier"]),
    ("aws_docdb_global_cluster", &["global_cluster_identifier"]),
    ("aws_neptune_global_cluster", &["global_cluster_identifier"]),
    (
        "aws_elasticache_replication_group",
        &["replication_group_id"],
    ),
    ("aws_elasticache_cluster", &["cluster_id"]),
    ("aws_elasticache_user", &["user_name", "user_id"]),
    ("aws_elasticache_user_group", &["user_group_id"]),
    ("aws_opensearch_domain", &["domain_name"]),
    ("aws_elasticsearch_domain", &["domain_name"]),
    ("aws_ecs_task_definition", &["family"]),
    ("aws_cloudwatch_metric_alarm", &["alarm_name"]),
    ("aws_cloudwatch_composite_alarm", &["alarm_name"]),
    ("aws_cloudwatch_dashboard", &["dashboard_name"]),
    ("aws_codecommit_repository", &["repository_name"]),
    ("aws_codedeploy_app", &["name"]),
    (
        "aws_codedeploy_deployment_group",
        &["deployment_group_name"],
    ),
    (
        "aws_eks_node_group",
        &["node_group_name", "node_group_name_prefix"],
    ),
    ("aws_eks_fargate_profile", &["fargate_profile_name"]),
    ("aws_eks_addon", &["addon_name"]),
    ("aws_dms_replication_instance", &["replication_instance_id"]),
    ("aws_dms_endpoint", &["endpoint_id"]),
    ("aws_dms_replication_task", &["replication_task_id"]),
    (
        "aws_dms_replication_subnet_group",
        &["replication_subnet_group_id"],
    ),
    ("aws_dax_cluster", &["cluster_name"]),
    ("aws_msk_cluster", &["cluster_name"]),
    ("aws_mq_broker", &["broker_name"]),
    ("aws_key_pair", &["key_name", "key_name_prefix"]),
    ("aws_api_gateway_stage", &["stage_name"]),
    ("aws_apigatewayv2_stage", &["name"]),
    ("aws_cognito_user_pool_domain", &["domain"]),
    ("aws_glue_catalog_database", &["name"]),
    ("aws_sagemaker_notebook_instance", &["name"]),
    ("aws_cloudformation_stack", &["name"]),
    ("aws_backup_vault", &["name"]),
    ("aws_memorydb_cluster", &["name"]),
];

/// Types with no physical name argument even though they take `name`-like arguments.
const NO_NAME: &[&str] = &[
    "aws_lambda_permission",
    "aws_lambda_event_source_mapping",
    "aws_iam_role_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
    "aws_acm_certificate",
    "aws_s3_bucket_policy",
    "aws_cloudwatch_event_target",
];

/// The arguments that name a resource of `source_type`, in order of preference.
pub fn name_arguments(source_type: &str) -> &'static [&'static str] {
    if NO_NAME.contains(&source_type) {
        return &[];
    }
    NAME_ARGUMENTS
        .iter()
        .find(|(t, _)| *t == source_type)
        .map_or(&["name", "name_prefix"], |(_, args)| args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naming_arguments() {
        assert_eq!(name_arguments("aws_s3_bucket"), ["bucket", "bucket_prefix"]);
        assert_eq!(name_arguments("aws_iam_role"), ["name", "name_prefix"]);
        assert!(name_arguments("aws_lambda_permission").is_empty());
    }
}
