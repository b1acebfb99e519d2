//! Charts as inline SVG, written by hand: horizontal bars, 100% stacked bars and histograms.
//! Every chart has a fixed viewBox with explicit width and height (so it has a size before any
//! style applies), a `<title>` for screen readers and tooltips on its marks. Colours come from
//! CSS classes of the vocabulary, so charts and tables share one colour scheme.

use std::fmt::Write;

use super::html::esc;

const ROW_HEIGHT: usize = 24;
const BAR_HEIGHT: usize = 14;
/// Characters of a label that fit the label column at the chart's font size.
const LABEL_CHARS: usize = 34;

/// One bar of a bar chart.
pub struct Bar<'a> {
    /// Shown shortened beside the bar, whole in its tooltip.
    pub label: &'a str,
    pub value: usize,
    /// A vocabulary class (`sev-high`) or `bar` for the accent colour.
    pub class: &'static str,
}

/// One row of a stacked bar chart: its parts, each a count with its class and name.
pub struct StackedRow<'a> {
    pub label: &'a str,
    pub parts: Vec<(usize, &'static str, &'static str)>,
}

/// Shortens a label to `max` characters with an ellipsis.
fn shorten(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let mut short: String = label.chars().take(max.saturating_sub(1)).collect();
        short.push('\u{2026}');
        short
    }
}

fn open_svg(out: &mut String, title: &str, width: usize, height: usize) {
    let _ = write!(
        out,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" \
         height=\"{height}\" viewBox=\"0 0 {width} {height}\"><title>{}</title>",
        esc(title)
    );
}

/// Horizontal bars, one per row, labelled on the left with their value on the right.
pub fn bar_chart(title: &str, bars: &[Bar<'_>]) -> String {
    const WIDTH: usize = 600;
    const LABEL: usize = 240;
    const VALUE_ROOM: usize = 56;
    let height = 12 + bars.len().max(1) * ROW_HEIGHT;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let span = (WIDTH - LABEL - VALUE_ROOM) as f64;
    let mut out = String::new();
    open_svg(&mut out, title, WIDTH, height);
    if bars.is_empty() {
        let _ = write!(
            out,
            "<text class=\"muted\" x=\"{LABEL}\" y=\"22\">no data</text>"
        );
    }
    for (i, bar) in bars.iter().enumerate() {
        let y = 6 + i * ROW_HEIGHT;
        let length =
            (bar.value as f64 / max as f64 * span).max(if bar.value > 0 { 2.0 } else { 0.0 });
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\"><title>{label}</title>{short}</text>\
             <rect class=\"{class}\" x=\"{LABEL}\" y=\"{}\" width=\"{length:.1}\" height=\"{BAR_HEIGHT}\" rx=\"2\">\
             <title>{label}: {value}</title></rect>\
             <text class=\"muted\" x=\"{:.1}\" y=\"{}\">{value}</text>",
            LABEL - 8,
            y + 12,
            y + 1,
            LABEL as f64 + length + 6.0,
            y + 12,
            label = esc(bar.label),
            short = esc(&shorten(bar.label, LABEL_CHARS)),
            class = bar.class,
            value = bar.value,
        );
    }
    out.push_str("</svg>");
    out
}

/// 100% stacked horizontal bars: each row's parts as shares of the row's total.
pub fn stacked_chart(title: &str, rows: &[StackedRow<'_>]) -> String {
    const WIDTH: usize = 600;
    const LABEL: usize = 240;
    const BAR: usize = 310;
    let height = 12 + rows.len().max(1) * ROW_HEIGHT;
    let mut out = String::new();
    open_svg(&mut out, title, WIDTH, height);
    if rows.is_empty() {
        let _ = write!(
            out,
            "<text class=\"muted\" x=\"{LABEL}\" y=\"22\">no data</text>"
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y = 6 + i * ROW_HEIGHT;
        let total: usize = row.parts.iter().map(|p| p.0).sum();
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\"><title>{}</title>{}</text>",
            LABEL - 8,
            y + 12,
            esc(row.label),
            esc(&shorten(row.label, LABEL_CHARS))
        );
        let mut x = LABEL as f64;
        for (count, class, name) in &row.parts {
            if *count == 0 || total == 0 {
                continue;
            }
            let share = *count as f64 / total as f64;
            let width = share * BAR as f64;
            let _ = write!(
                out,
                "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{}\" width=\"{width:.1}\" height=\"{BAR_HEIGHT}\">\
                 <title>{}: {name} {count} of {total} ({:.0}%)</title></rect>",
                y + 1,
                esc(row.label),
                share * 100.0
            );
            x += width;
        }
        let _ = write!(
            out,
            "<text class=\"muted\" x=\"{}\" y=\"{}\">{total}</text>",
            LABEL + BAR + 8,
            y + 12
        );
    }
    out.push_str("</svg>");
    out
}

/// A histogram of scores 0–10, one bar per whole point; `y_max` is shared by histograms shown
/// side by side so their heights compare.
pub fn score_histogram(
    title: &str,
    bins: &[usize; 11],
    y_max: usize,
    class: &'static str,
) -> String {
    const WIDTH: usize = 440;
    const HEIGHT: usize = 230;
    const LEFT: usize = 40;
    const TOP: usize = 14;
    const PLOT_HEIGHT: usize = 180;
    let y_max = y_max.max(1);
    let slot = (WIDTH - LEFT - 10) as f64 / bins.len() as f64;
    let mut out = String::new();
    open_svg(&mut out, title, WIDTH, HEIGHT);
    for tick in [0, y_max / 2, y_max] {
        let y = TOP as f64 + PLOT_HEIGHT as f64 * (1.0 - tick as f64 / y_max as f64);
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>\
             <text class=\"muted\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{tick}</text>",
            WIDTH - 10,
            LEFT - 6,
            y + 4.0
        );
    }
    for (score, &count) in bins.iter().enumerate() {
        let height = count as f64 / y_max as f64 * PLOT_HEIGHT as f64;
        let x = LEFT as f64 + score as f64 * slot + 3.0;
        let y = (TOP + PLOT_HEIGHT) as f64 - height;
        let _ = write!(
            out,
            "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{height:.1}\" rx=\"2\">\
             <title>score {score}: {count} task(s)</title></rect>\
             <text class=\"muted\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{score}</text>",
            slot - 6.0,
            x + (slot - 6.0) / 2.0,
            TOP + PLOT_HEIGHT + 16
        );
        if count > 0 {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{count}</text>",
                x + (slot - 6.0) / 2.0,
                y - 4.0
            );
        }
    }
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>\
         <text class=\"muted\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">score</text>",
        WIDTH - 10,
        TOP + PLOT_HEIGHT,
        TOP + PLOT_HEIGHT,
        (WIDTH + LEFT) / 2,
        HEIGHT - 2
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_from_reports_are_escaped_in_charts() {
        let svg = bar_chart(
            "t<",
            &[Bar {
                label: "<script>",
                value: 3,
                class: "bar",
            }],
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.starts_with("<svg class=\"chart\""));
    }

    #[test]
    fn histogram_bars_scale_to_the_shared_maximum() {
        let mut bins = [0usize; 11];
        bins[8] = 4;
        let svg = score_histogram("h", &bins, 8, "computed");
        assert!(svg.contains("height=\"90.0\""), "{svg}");
    }
}
