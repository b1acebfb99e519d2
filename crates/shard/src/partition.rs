//! The partition of a corpus into shards.
//!
//! A task's shard is the FNV-1a (64-bit) hash of its path relative to the corpus folder, with
//! `/` between components, modulo the shard count. The hash is fixed by its specification (not
//! Rust's `DefaultHasher`, whose output may change between releases), so every machine and every
//! iacgrade version puts a task in the same shard; a task's shard depends on its own path only,
//! so adding or removing a task moves no other task.

use std::fmt;
use std::path::{Component, Path};

/// One shard of N: `index` counts from 0 (as Kubernetes' `JOB_COMPLETION_INDEX` does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Reads `I/N` (`0/4` … `3/4`), with an error that says what is wrong and what is expected.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let expected = "give it as I/N with 0 <= I < N, e.g. --shard 0/4 … --shard 3/4";
        let Some((index, count)) = text.trim().split_once('/') else {
            return Err(format!("--shard {text}: no '/'; {expected}"));
        };
        let number = |part: &str, what: &str| {
            part.trim().parse::<u64>().map_err(|_| {
                format!("--shard {text}: {what} `{part}` is not a whole number; {expected}")
            })
        };
        let index = number(index, "the index")?;
        let count = number(count, "the shard count")?;
        if count == 0 {
            return Err(format!(
                "--shard {text}: the shard count must be at least 1; {expected}"
            ));
        }
        if index >= count {
            return Err(format!(
                "--shard {text}: the index must be below the shard count (0 to {}); {expected}",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }

    /// Whether the task at `relative` (its path relative to the corpus folder) is in this shard.
    pub fn holds(&self, relative: &str) -> bool {
        shard_of(relative, self.count) == self.index
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The shard (0 to `count` − 1) of the task at `relative`; `count` 0 is read as 1.
pub fn shard_of(relative: &str, count: u64) -> u64 {
    fnv1a_64(relative.as_bytes()) % count.max(1)
}

/// FNV-1a, 64-bit (http://www.isthe.com/chongo/tech/comp/fnv/): small, fast, and fully
/// specified, so its values never change.
fn fnv1a_64(bytes: &[u8]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET_BASIS, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(PRIME)
    })
}

/// The task's path relative to the corpus folder, components joined by `/` whatever the
/// platform, so that `cfn-yaml/Pr2291` hashes alike everywhere. A task outside `root` (which
/// the corpus search never yields) keeps its whole path.
pub fn relative_task_path(root: &Path, task: &Path) -> String {
    let relative = task.strip_prefix(root).unwrap_or(task);
    relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            Component::CurDir => None,
            other => Some(other.as_os_str().to_string_lossy().into_owned()),
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_reference_values() {
        // From the FNV reference test suite.
        assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn a_shard_is_read_as_index_over_count() {
        assert_eq!(Shard::parse("0/4"), Ok(Shard { index: 0, count: 4 }));
        assert_eq!(Shard::parse(" 3 / 4 "), Ok(Shard { index: 3, count: 4 }));
        assert_eq!(Shard::parse("0/1"), Ok(Shard { index: 0, count: 1 }));
        assert_eq!(Shard::parse("2/4").map(|s| s.to_string()), Ok("2/4".into()));
    }

    #[test]
    fn a_bad_shard_gets_an_error_that_says_what_is_wrong() {
        for (text, says) in [
            ("4/4", "below the shard count (0 to 3)"),
            ("1/0", "at least 1"),
            ("1", "no '/'"),
            ("a/4", "the index `a`"),
            ("-1/4", "the index `-1`"),
            ("1/four", "the shard count `four`"),
        ] {
            let error = Shard::parse(text).expect_err(text);
            assert!(error.contains(says), "{text}: {error}");
            assert!(error.contains("I/N"), "{text}: {error}");
        }
    }

    #[test]
    fn every_task_is_in_exactly_one_shard() {
        let tasks: Vec<String> = (0..500).map(|i| format!("cdk-ts/Pr{i}")).collect();
        for count in [1, 2, 3, 4, 7] {
            let mut seen = 0;
            for index in 0..count {
                let shard = Shard { index, count };
                seen += tasks.iter().filter(|t| shard.holds(t)).count();
            }
            assert_eq!(seen, tasks.len(), "{count} shards");
        }
    }

    #[test]
    fn four_shards_share_five_hundred_tasks_roughly_evenly() {
        let mut sizes = [0usize; 4];
        for i in 0..500 {
            sizes[shard_of(&format!("pulumi-py/Pr{i}"), 4) as usize] += 1;
        }
        assert!(sizes.iter().all(|&n| (90..=160).contains(&n)), "{sizes:?}");
    }

    #[test]
    fn relative_paths_use_slashes_and_drop_the_root() {
        let root = Path::new("/data/corpus");
        assert_eq!(
            relative_task_path(root, Path::new("/data/corpus/cfn-yaml/Pr2291")),
            "cfn-yaml/Pr2291"
        );
        assert_eq!(
            relative_task_path(Path::new("corpus"), Path::new("corpus/./tf/Pr1")),
            "tf/Pr1"
        );
    }
}
