//! Figures that say how well justified text is set: the spread of word spaces, loose and tight
//! lines, hyphenated line ends and their runs, overfull lines.

use super::Line;
use super::hyphenate::Hyphenator;

/// A line is loose when its word spaces are more than this times the natural space.
pub const LOOSE: f64 = 1.5;
/// A line is tight when its word spaces are less than this times the natural space.
pub const TIGHT: f64 = 0.8;

/// Quality figures over a set of body lines.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Figures {
    /// Lines counted.
    pub lines: usize,
    /// Justified lines (not a paragraph's last, more than one word): those with a space ratio.
    pub justified: usize,
    /// Lines ending in an added hyphen.
    pub hyphenated: usize,
    /// Longest run of consecutive hyphenated lines.
    pub longest_hyphen_run: usize,
    /// Runs of three or more hyphenated lines.
    pub hyphen_runs_3: usize,
    /// Mean of the space ratio (word space ÷ the font's natural space) of justified lines.
    pub mean: f64,
    /// Its standard deviation.
    pub sd: f64,
    /// Its 95th percentile.
    pub p95: f64,
    /// Its maximum.
    pub max: f64,
    /// Justified lines with a ratio above [`LOOSE`].
    pub loose: usize,
    /// Justified lines with a ratio below [`TIGHT`].
    pub tight: usize,
    /// Lines wider than their measure.
    pub overfull: usize,
    /// Lines letter-spaced (the last resort).
    pub letterspaced: usize,
    /// Lines ending inside a word too wide for the measure, cut there by force.
    #[serde(default)]
    pub forced: usize,
}

impl Figures {
    /// Figures over lines in reading order (paragraph runs of hyphens are counted across the list).
    pub fn of<'a>(lines: impl IntoIterator<Item = &'a Line>) -> Figures {
        let mut f = Figures::default();
        let mut ratios = Vec::new();
        let mut run = 0;
        for l in lines {
            f.lines += 1;
            if l.hyphenated {
                f.hyphenated += 1;
                run += 1;
                f.longest_hyphen_run = f.longest_hyphen_run.max(run);
                if run == 3 {
                    f.hyphen_runs_3 += 1;
                }
            } else {
                run = 0;
            }
            if l.width > l.measure + 0.01 {
                f.overfull += 1;
            }
            if l.track.abs() > 1e-9 {
                f.letterspaced += 1;
            }
            f.forced += usize::from(l.forced);
            ratios.extend(l.space_ratio);
        }
        f.set_ratios(&ratios);
        f
    }

    /// Fills the space-ratio statistics from the ratios of the justified lines.
    pub fn set_ratios(&mut self, ratios: &[f64]) {
        self.justified = ratios.len();
        // A line set exactly at a limit is not past it; the sum that sets its spaces may miss by
        // a rounding error.
        self.loose = ratios.iter().filter(|&&r| r > LOOSE + 1e-9).count();
        self.tight = ratios.iter().filter(|&&r| r < TIGHT - 1e-9).count();
        if ratios.is_empty() {
            return;
        }
        let n = ratios.len() as f64;
        self.mean = ratios.iter().sum::<f64>() / n;
        self.sd = (ratios.iter().map(|r| (r - self.mean).powi(2)).sum::<f64>() / n).sqrt();
        let mut sorted = ratios.to_vec();
        sorted.sort_by(f64::total_cmp);
        self.p95 = sorted[((n * 0.95).ceil() as usize).clamp(1, sorted.len()) - 1];
        self.max = sorted[sorted.len() - 1];
    }

    /// Adds another set's counts; ratio statistics must be recomputed with [`Figures::set_ratios`].
    pub fn add_counts(&mut self, o: &Figures) {
        self.lines += o.lines;
        self.hyphenated += o.hyphenated;
        self.longest_hyphen_run = self.longest_hyphen_run.max(o.longest_hyphen_run);
        self.hyphen_runs_3 += o.hyphen_runs_3;
        self.overfull += o.overfull;
        self.letterspaced += o.letterspaced;
        self.forced += o.forced;
    }

    /// Loose lines as a percentage of justified lines.
    pub fn loose_pct(&self) -> f64 {
        pct(self.loose, self.justified)
    }

    /// Hyphenated line ends as a percentage of lines.
    pub fn hyphenated_pct(&self) -> f64 {
        pct(self.hyphenated, self.lines)
    }

    /// One line of figures for the terminal.
    pub fn line(&self) -> String {
        format!(
            "{} lines, hyphens {:.1} % (longest run {}, runs of 3+: {}), space ratio mean {:.2} sd {:.2} p95 {:.2} \
             max {:.2}, loose {:.1} %, tight {} ({:.1} %), overfull {}, letter-spaced {} ({:.1} %)",
            self.lines,
            self.hyphenated_pct(),
            self.longest_hyphen_run,
            self.hyphen_runs_3,
            self.mean,
            self.sd,
            self.p95,
            self.max,
            self.loose_pct(),
            self.tight,
            pct(self.tight, self.justified),
            self.overfull,
            self.letterspaced,
            pct(self.letterspaced, self.lines)
        )
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 }
}

/// Names the hyphenation rules leave whole that open the line after a loose one: in a narrow
/// column such a word cannot start on the loose line, so the line keeps its gaps however the
/// paragraph is broken. Capitalised words are not hyphenated unless the issue's
/// `hyphenation.toml` lists them, so these are the words to list there. A capital after a
/// sentence's end is grammar, not a name, and is left out; after a colon it is a name.
pub fn unbroken_names<'a>(lines: impl IntoIterator<Item = &'a Line>, hyph: &Hyphenator) -> Vec<String> {
    let lines: Vec<&Line> = lines.into_iter().collect();
    let mut names: Vec<String> = Vec::new();
    for pair in lines.windows(2) {
        let loose = pair[0].space_ratio.is_some_and(|r| r > LOOSE + 1e-9);
        let sentence_end = pair[0].text.trim_end().ends_with(['.', '!', '?', '…']);
        let Some(word) = pair[1].text.split_whitespace().next() else { continue };
        let name = name_in(word);
        let capitalised = name.chars().next().is_some_and(char::is_uppercase) && name.chars().any(char::is_lowercase);
        // A shorter name would not break under the house rules even if listed.
        let long = name.chars().filter(|c| c.is_alphabetic()).count() >= hyph.min_word();
        if loose
            && !sentence_end
            && capitalised
            && long
            && hyph.breaks(name).is_empty()
            && !names.iter().any(|n| n == name)
        {
            names.push(name.to_string());
        }
    }
    names
}

/// The word without surrounding punctuation or an elided article (`d’Anderlecht` → `Anderlecht`).
fn name_in(word: &str) -> &str {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    word.rfind(['’', '\'']).map_or(word, |i| &word[i + word[i..].chars().next().map_or(1, char::len_utf8)..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::hyphenate::Rules;

    fn line(text: &str, ratio: Option<f64>) -> Line {
        Line {
            runs: Vec::new(),
            measure: 100.0,
            width: 100.0,
            hyphenated: false,
            space_ratio: ratio,
            last: ratio.is_none(),
            text: text.to_string(),
            hscale: 1.0,
            track: 0.0,
            forced: false,
        }
    }

    #[test]
    fn names_after_loose_lines_are_suggested_until_listed() {
        let lines = [
            line("Pour Céline", Some(3.2)),
            line("Vanderlinden, l’enjeu dépasse les", Some(1.0)),
            line("murs de l’hôpital, et la ville de", Some(2.0)),
            line("Charleroi le sait bien, hélas.", Some(1.6)),
            line("Beaucoup de travail.", None),
        ];
        let mut hyph = Hyphenator::new(Rules::default());
        // A name after a loose line; a name after a line within limits; a capital after a full stop.
        assert_eq!(unbroken_names(&lines, &hyph), vec!["Vanderlinden", "Charleroi"]);
        hyph.add_exception("Van-der-lin-den");
        assert_eq!(unbroken_names(&lines, &hyph), vec!["Charleroi"]);
    }

    #[test]
    fn elided_articles_and_punctuation_are_not_part_of_the_name() {
        assert_eq!(name_in("d’Anderlecht,"), "Anderlecht");
        assert_eq!(name_in("(Seraing)"), "Seraing");
    }
}
