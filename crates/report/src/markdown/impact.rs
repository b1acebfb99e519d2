//! The "Cost/Security/Performance Impact" line of a failure, derived from its severity and its
//! scoring category — the one place this mapping is written down.
//!
//! A finding does not measure what it costs, so the line states what a failure of its class
//! typically means, never a number:
//!
//! | severity | cost | security | performance |
//! | --- | --- | --- | --- |
//! | critical | failed lint/build/synth/deploy attempts until fixed; nothing is provisioned | none directly: the stack does not deploy | none at run time: the stack does not deploy |
//! | high | little direct spend; an incident or audit finding costs far more | a required control is missing or weakened | none expected |
//! | medium | possible extra spend (retention, over-provisioning, resources left behind) | indirect: a best practice is not followed | availability or resilience may suffer |
//! | low | none | none | none: documentation, naming or style |
//!
//! The scoring category (training-quality guide, step 3) adds what the fix is worth:
//! A — a significant improvement (security, architecture, complete feature);
//! B — a moderate one (configuration, standard pattern, best practice);
//! C — a minor or tactical one (lint, typo, hard-coded value, missing output).
//! Any other category value is shown as written.

use iacgrade_findings::Severity;

/// The three consequences of a failure class, as short phrases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Impact {
    pub cost: &'static str,
    pub security: &'static str,
    pub performance: &'static str,
}

/// What a failure of this severity typically costs (see the module table).
pub fn impact_of(severity: Severity) -> Impact {
    match severity {
        Severity::Critical => Impact {
            cost: "failed lint/build/synth/deploy attempts until fixed; nothing is provisioned",
            security: "none directly: the stack does not deploy",
            performance: "none at run time: the stack does not deploy",
        },
        Severity::High => Impact {
            cost: "little direct spend; an incident or audit finding costs far more",
            security: "a required control is missing or weakened",
            performance: "none expected",
        },
        Severity::Medium => Impact {
            cost: "possible extra spend (retention, over-provisioning, resources left behind)",
            security: "indirect: a best practice is not followed",
            performance: "availability or resilience may suffer",
        },
        Severity::Low => Impact {
            cost: "none",
            security: "none",
            performance: "none: documentation, naming or style",
        },
    }
}

/// What a fix of this scoring category is worth to training, in words.
pub fn category_meaning(category: &str) -> String {
    match category.trim().to_ascii_uppercase().as_str() {
        "A" => "category A: a significant improvement (security, architecture, complete feature)"
            .to_string(),
        "B" => {
            "category B: a moderate improvement (configuration, standard pattern, best practice)"
                .to_string()
        }
        "C" => "category C: a minor or tactical fix (lint, typo, hard-coded value, missing output)"
            .to_string(),
        "" => "category not assigned".to_string(),
        other => format!("category {other}"),
    }
}

/// The whole impact line: cost, security, performance, then the scoring category.
pub fn impact_line(severity: Severity, category: &str) -> String {
    let i = impact_of(severity);
    format!(
        "Cost: {}. Security: {}. Performance: {}. Scoring {}.",
        i.cost,
        i.security,
        i.performance,
        category_meaning(category)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_severity_has_an_impact() {
        for s in Severity::ALL {
            let line = impact_line(s, "B");
            assert!(line.starts_with("Cost: "));
            assert!(line.contains("category B"));
        }
    }

    #[test]
    fn unknown_categories_are_shown_as_written() {
        assert_eq!(category_meaning("d"), "category D");
        assert_eq!(category_meaning(" "), "category not assigned");
    }
}
