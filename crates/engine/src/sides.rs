use iacgrade_checks::{DetectedPlatform, SideFacts};
use iacgrade_extract::{extract_answer, AnswerForm, Extraction};
use iacgrade_ir::ResourceGraph;
use iacgrade_report::{AnswerFacts, AnswerSummary};
use iacgrade_task::{Diagnostic, Evidence, Origin, Platform, SourceFile, Task};

/// One side of a task: what its answer held and the code the later stages read.
pub struct Side {
    /// The extraction of the answer document; `None` when the task has no such answer.
    pub extraction: Option<Extraction>,
    pub facts: SideFacts,
}

/// The model side (the final model answer) and the ideal side (the ideal answer completed by the
/// project files it does not show).
pub struct TaskSides {
    pub model: Side,
    pub ideal: Side,
}

impl TaskSides {
    pub fn build(task: &Task) -> TaskSides {
        let model_extraction = task
            .final_model_response()
            .map(|doc| extract_answer(doc, Origin::ModelResponse));
        let ideal_extraction = task
            .ideal_response
            .as_ref()
            .map(|doc| extract_answer(doc, Origin::IdealResponse));

        let model_files: Vec<SourceFile> = model_extraction
            .as_ref()
            .map(|e| e.files.clone())
            .unwrap_or_default();
        let mut ideal_files: Vec<SourceFile> = ideal_extraction
            .as_ref()
            .map(|e| e.files.clone())
            .unwrap_or_default();
        // The ideal answer often omits files the project has; the project completes it.
        for project_file in task.project_sources() {
            // A block shown without its path counts as shown when its text is the file's.
            let shown = ideal_files.iter().any(|f| {
                (f.path.is_some() && f.path == project_file.path)
                    || (f.path.is_none() && f.text.trim() == project_file.text.trim())
            });
            if !shown {
                ideal_files.push(project_file);
            }
        }
        TaskSides {
            model: Side::new(model_extraction, model_files),
            ideal: Side::new(ideal_extraction, ideal_files),
        }
    }

    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        [&self.model, &self.ideal]
            .into_iter()
            .filter_map(|s| s.extraction.as_ref())
            .flat_map(|e| e.diagnostics.iter())
    }

    pub fn summary(&self) -> AnswerSummary {
        AnswerSummary {
            model: self.model.answer_facts(),
            ideal: self.ideal.answer_facts(),
        }
    }
}

impl Side {
    fn new(extraction: Option<Extraction>, files: Vec<SourceFile>) -> Side {
        let detected = iacgrade_detect::detect(&files).map(|d| DetectedPlatform {
            platform: d.platform,
            language: d.language,
            evidence: d
                .evidence
                .into_iter()
                .map(|e| locate_in_document(e, &files))
                .collect(),
        });
        let hint = detected.as_ref().map(|d| d.platform);
        let graph = build_graph(&files, hint);
        Side {
            extraction,
            facts: SideFacts {
                files,
                detected,
                graph,
            },
        }
    }

    fn answer_facts(&self) -> Option<AnswerFacts> {
        let e = self.extraction.as_ref()?;
        Some(AnswerFacts {
            form: form_name(&e.form).to_string(),
            blocks: e.blocks,
            files_with_path: e.files.iter().filter(|f| f.path.is_some()).count(),
            detected_platform: self.facts.detected.as_ref().map(|d| d.platform.to_string()),
            detected_language: self.facts.detected.as_ref().map(|d| d.language.to_string()),
        })
    }
}

fn form_name(form: &AnswerForm) -> &'static str {
    match form {
        AnswerForm::Fenced => "fenced",
        AnswerForm::Bare => "bare",
        AnswerForm::ProseOnly => "prose_only",
        AnswerForm::Placeholder => "placeholder",
        AnswerForm::Empty => "empty",
    }
}

/// Evidence should send the reader where the line is: for code taken from an answer, that is
/// the answer document (whose line numbers the evidence carries), not a file that may not exist.
fn locate_in_document(mut evidence: Evidence, files: &[SourceFile]) -> Evidence {
    if let Some(file) = files
        .iter()
        .find(|f| f.origin != Origin::Project && f.display_name() == evidence.file)
    {
        evidence.file = file.document.clone();
    }
    evidence
}

/// The resource graph of one side: every front-end reads the files it understands, and their
/// graphs are joined (no two front-ends read the same file).
pub fn build_graph(files: &[SourceFile], platform: Option<Platform>) -> ResourceGraph {
    let mut graph = iacgrade_frontend_cfn::parse(files, platform);
    for part in [
        iacgrade_frontend_hcl::parse(files, platform),
        iacgrade_frontend_code::parse(files, platform),
    ] {
        graph.absorb(part);
    }
    graph
}
