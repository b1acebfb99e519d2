//! files/<task>/<path>.html: a file of a task's folder shown whole, every line with an anchor
//! (`#L62`), so a finding links to its exact line in the document or project file the user
//! has. The text is the task's own and is escaped line by line.

use std::fmt::Write;

use super::html::{esc, page, NavLink, Script};

/// The page of `file` (relative to the task folder) of the task whose page is `task_page`;
/// `depth` is how many folders below the dashboard's root the page is.
pub fn render_file_page(
    task_id: &str,
    task_page: &str,
    file: &str,
    text: &str,
    depth: usize,
) -> String {
    let up = "../".repeat(depth);
    let mut body = String::with_capacity(text.len() * 2 + 512);
    let _ = write!(
        body,
        "<p class=\"meta\"><a href=\"{up}index.html\">Dashboard</a> \u{203a} <a href=\"{up}{}\">{}</a></p>\
         <h1 class=\"mono\">{}</h1><section class=\"card\"><div class=\"scroll\">\
         <table class=\"source\"><tbody>",
        esc(task_page),
        esc(task_id),
        esc(file)
    );
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let _ = write!(
            body,
            // Bare cells (the table's style places them): a long file is mostly this markup.
            "<tr id=\"L{n}\"><td>{n}</td><td>{}</td></tr>",
            esc(line)
        );
    }
    body.push_str("</tbody></table></div></section>");
    let index = format!("{up}index.html");
    let task = format!("{up}{task_page}");
    let nav = [
        NavLink {
            label: "Overview",
            href: &index,
        },
        NavLink {
            label: "Task",
            href: &task,
        },
    ];
    page(
        &format!("{file} \u{b7} {task_id} \u{b7} iacgrade"),
        &nav,
        &body,
        Script::None,
    )
}
