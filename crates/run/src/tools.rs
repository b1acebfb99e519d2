//! Finding the executables the stages call, in the configured venv, node_modules and `PATH`.

use std::path::{Path, PathBuf};

use crate::environment::is_executable;
use crate::options::ToolPaths;

/// Where to look for tools, in order.
#[derive(Debug, Clone)]
pub struct Tools {
    dirs: Vec<PathBuf>,
    paths: ToolPaths,
}

impl Tools {
    pub fn new(paths: &ToolPaths) -> Tools {
        let mut dirs = Vec::new();
        if let Some(venv) = &paths.venv {
            dirs.push(venv.join("bin"));
        }
        if let Some(modules) = &paths.node_modules {
            dirs.push(modules.join(".bin"));
        }
        if paths.use_path {
            if let Some(path) = std::env::var_os("PATH") {
                dirs.extend(std::env::split_paths(&path));
            }
        }
        Tools {
            dirs,
            paths: paths.clone(),
        }
    }

    /// The first executable called `name`.
    pub fn find(&self, name: &str) -> Option<PathBuf> {
        self.dirs
            .iter()
            .map(|d| d.join(name))
            .find(|p| is_executable(p))
    }

    /// The Python interpreter: the venv's, else `python3` on `PATH`.
    pub fn python(&self) -> Option<PathBuf> {
        self.find("python").or_else(|| self.find("python3"))
    }

    pub fn node(&self) -> Option<PathBuf> {
        self.find("node")
    }

    /// The node_modules folder holding the Node tools, when configured.
    pub fn node_modules(&self) -> Option<&Path> {
        self.paths.node_modules.as_deref()
    }

    /// True when `package` is installed in the tools' node_modules.
    pub fn has_node_package(&self, package: &str) -> bool {
        self.node_modules()
            .is_some_and(|m| m.join(package).join("package.json").is_file())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tools_in_the_venv_before_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin).expect("mkdir");
        let tool = bin.join("ruff");
        std::fs::write(&tool, "#!/bin/sh\n").expect("write");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tool, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let tools = Tools::new(&ToolPaths {
            venv: Some(dir.path().to_path_buf()),
            node_modules: None,
            use_path: false,
            ..ToolPaths::default()
        });
        assert_eq!(tools.find("ruff"), Some(tool));
        assert_eq!(tools.find("no-such-tool-here"), None);
    }
}
