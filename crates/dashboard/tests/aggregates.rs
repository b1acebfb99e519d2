//! The aggregates behind the index: what a dataset owner reads off the dashboard must be the
//! counts of the reports, whichever way the reports arrive.

mod common;

use common::{fixture_reports, pulumi_task, snapshot_settings, terraform_task};
use iacgrade_dashboard::aggregate::DISAGREEMENTS_SHOWN;
use iacgrade_dashboard::{CorpusAggregates, TaskReport};
use iacgrade_findings::Place;

fn aggregate(reports: &[iacgrade_report::Report]) -> CorpusAggregates {
    let mut names = iacgrade_dashboard::page_names::PageNames::default();
    let mut aggregates = CorpusAggregates::default();
    for report in reports {
        let view = TaskReport::from_report(report).expect("a report reads as a view");
        let page = names.assign(view.platform(), &view.task.id);
        aggregates.add(&view, &page);
    }
    aggregates
}

#[test]
fn aggregates_of_the_fixtures() {
    let aggregates = aggregate(&fixture_reports());
    snapshot_settings()
        .bind(|| insta::assert_json_snapshot!("aggregates_of_the_fixtures", aggregates));
}

#[test]
fn model_failures_exclude_standing_and_regressions() {
    let aggregates = aggregate(&[pulumi_task()]);
    let high = &aggregates.findings.by_severity["high"];
    assert_eq!((high.fixed, high.standing), (1, 1));
    assert_eq!(high.model_failures(), 1);
    assert_eq!(
        aggregates.model_failures(),
        3,
        "critical, high and low fixed findings"
    );
    assert_eq!(
        aggregates.findings.by_severity["medium"].model_failures(),
        0
    );
}

#[test]
fn invented_names_are_counted_once_per_task_and_per_place() {
    let aggregates = aggregate(&[terraform_task()]);
    let tf = &aggregates.invented_apis.by_platform["tf"];
    let api = &tf["aws_s3_bucket_encryption"];
    assert_eq!((api.tasks, api.occurrences), (1, 2));

    // A finding repeated in three more places counts four uses, still in one task.
    let mut repeated = terraform_task();
    let finding = repeated
        .findings
        .iter_mut()
        .find(|f| f.message.contains("aws_s3_bucket_encryption"))
        .expect("the fixture reports the invented resource type");
    finding.also_at = (1..=3)
        .map(|i| Place {
            file: "main.tf".into(),
            line: 40 + i,
        })
        .collect();
    let aggregates = aggregate(&[repeated]);
    let api = &aggregates.invented_apis.by_platform["tf"]["aws_s3_bucket_encryption"];
    assert_eq!((api.tasks, api.occurrences), (1, 5));
}

#[test]
fn a_jsonl_line_reads_like_the_report_in_memory() {
    for report in fixture_reports() {
        let line = serde_json::to_string(&report).expect("serialises");
        let from_line = TaskReport::from_json(&line).expect("the contract reads back");
        let from_memory = TaskReport::from_report(&report).expect("reads");
        assert_eq!(from_line, from_memory, "task {}", report.task.id);
    }
}

#[test]
fn absent_scores_and_platforms_are_kept_apart() {
    let aggregates = aggregate(&fixture_reports());
    assert_eq!(aggregates.platforms["unknown"].tasks, 1);
    assert_eq!(aggregates.platforms["unknown"].with_errors, 1);
    assert_eq!(aggregates.scores.computed.total(), 4);
    assert_eq!(aggregates.scores.recorded.total(), 4);
    assert_eq!(aggregates.scores.paired, 4);
}

#[test]
fn disagreements_keep_the_largest_whatever_the_order() {
    let reports: Vec<_> = (0..60)
        .map(|i| {
            let mut report = common::bare_report(&format!("T{i:02}"), Some("cdk"), Some("ts"));
            report.task.recorded_score = Some(5.0);
            report.score = Some(iacgrade_report::Score {
                value: 5.0 + (i % 11) as f64 * 0.5 - 2.5,
                policy: "default".into(),
                steps: Vec::new(),
            });
            report
        })
        .collect();
    let forward = aggregate(&reports).scores.disagreements;
    let mut reversed_reports = reports.clone();
    reversed_reports.reverse();
    let backward = aggregate(&reversed_reports).scores.disagreements;
    assert_eq!(forward.len(), DISAGREEMENTS_SHOWN);
    let ids = |list: &[iacgrade_dashboard::aggregate::ScoreDisagreement]| {
        list.iter().map(|d| d.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&forward), ids(&backward));
    let sizes: Vec<f64> = forward.iter().map(|d| d.difference().abs()).collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    assert_eq!(sizes[0], 2.5);
}

#[test]
fn agreement_counts_labelled_failures_by_their_severity() {
    let aggregates = aggregate(&[pulumi_task()]);
    let agreement = &aggregates.agreement;
    assert_eq!(agreement.tasks, 1);
    assert_eq!(agreement.found["critical"], 1);
    assert_eq!(agreement.missed["medium"], 1);
    assert_eq!(agreement.missed["unspecified"], 1);
    assert_eq!(agreement.unlabelled["high"], 1);
    assert_eq!(agreement.unlabelled["low"], 1);
    assert_eq!(
        agreement.severities(),
        ["critical", "high", "medium", "low", "unspecified"]
    );
}
