//! A report reads back from its JSON form exactly: `merge` and the result cache render stored
//! result lines, and writing a read-back report gives the same bytes.

mod common;

use common::{empty_report, full_report};
use iacgrade_report::Report;

#[test]
fn a_report_read_from_its_json_writes_the_same_json() {
    for report in [full_report(), empty_report()] {
        let line = serde_json::to_string(&report).expect("serialises");
        let read: Report = serde_json::from_str(&line).expect("reads back");
        assert_eq!(serde_json::to_string(&read).expect("serialises"), line);
    }
}

#[test]
fn another_version_of_the_tool_is_kept_as_written() {
    let mut value = serde_json::to_value(full_report()).expect("serialises");
    value["tool"]["version"] = "9.9.9-older".into();
    let read: Report = serde_json::from_value(value).expect("reads back");
    assert_eq!(read.tool.version, "9.9.9-older");
    assert_eq!(read.tool.name, "iacgrade");
}

#[test]
fn a_line_that_is_not_a_report_is_an_error() {
    assert!(serde_json::from_str::<Report>("{\"schema_version\": 1}").is_err());
}
