//! A finding's status: whether the ideal answer fixed it.
//!
//! Each check runs on both sides. A finding of the model side with no counterpart on the ideal
//! side is `fixed` (a model failure); one with a counterpart is `standing` (reported, not
//! counted against the model); a finding only on the ideal side is a `regression`; without an
//! ideal answer every model finding is `unfixed`. Counterparts have the same rule and the same
//! message once numbers are set aside (messages name the resource or symbol, not the line).

use iacgrade_findings::{Finding, FindingStatus};

fn key(f: &Finding) -> (String, String) {
    let message: String = f.message.chars().filter(|c| !c.is_ascii_digit()).collect();
    (f.rule.clone(), message)
}

/// Sets the status of every finding of both sides and returns them: model findings first (in
/// their order), then the ideal side's regressions. Standing findings are reported once, from
/// the model side.
pub fn merge(model: Vec<Finding>, ideal: Option<Vec<Finding>>) -> Vec<Finding> {
    let Some(ideal) = ideal else {
        return model
            .into_iter()
            .map(|mut f| {
                f.status = FindingStatus::Unfixed;
                f
            })
            .collect();
    };
    let mut ideal_used = vec![false; ideal.len()];
    let mut out = Vec::with_capacity(model.len() + ideal.len());
    for mut f in model {
        let k = key(&f);
        let twin = ideal
            .iter()
            .enumerate()
            .position(|(i, g)| !ideal_used[i] && key(g) == k);
        match twin {
            Some(i) => {
                ideal_used[i] = true;
                f.status = FindingStatus::Standing;
                if f.ideal_snippet.is_none() {
                    f.ideal_snippet = ideal[i].model_snippet.clone();
                }
            }
            None => f.status = FindingStatus::Fixed,
        }
        out.push(f);
    }
    for (i, mut g) in ideal.into_iter().enumerate() {
        if !ideal_used[i] {
            g.status = FindingStatus::Regression;
            // On the ideal side the code shown is the ideal's.
            g.ideal_snippet = g.model_snippet.take();
            out.push(g);
        }
    }
    out
}
