//! The merge step: turns the detectors' overlapping candidates into disjoint spans.
//!
//! Overlapping candidates are joined into their union, so a span never leaves half a name visible
//! (a half-redacted name still leaks). The union takes the label of its longest member, because
//! the longer match saw more context ("Esch College Emmen" is an organisation, not the place
//! "Emmen"); equal lengths are decided by the detector's priority.

use super::Candidate;

pub(crate) fn merge(text: &str, mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    // Defensive: a detector bug must never produce an out-of-bounds or inside-a-char span.
    candidates.retain(|c| {
        c.start < c.end
            && c.end <= text.len()
            && text.is_char_boundary(c.start)
            && text.is_char_boundary(c.end)
    });
    candidates.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    let mut out: Vec<Candidate> = Vec::with_capacity(candidates.len());
    // The member that decides the label of the group currently being built.
    let mut best: Option<Candidate> = None;
    for c in candidates {
        match out.last_mut() {
            Some(last) if c.start < last.end => {
                last.end = last.end.max(c.end);
                // A group is only as unsure as its surest member: a guess that a list confirms
                // is no suggestion.
                last.priority = last.priority.max(c.priority);
                if let Some(b) = best.as_mut()
                    && outranks(&c, b)
                {
                    *b = c;
                    last.label = c.label;
                }
            }
            _ => {
                out.push(c);
                best = Some(c);
            }
        }
    }
    // Spans end on a char boundary already; trailing whitespace never needs hiding.
    for c in &mut out {
        while let Some(w) = text[c.start..c.end]
            .chars()
            .next_back()
            .filter(|ch| ch.is_whitespace())
        {
            c.end -= w.len_utf8();
        }
    }
    out.retain(|c| c.start < c.end);
    out
}

fn outranks(a: &Candidate, b: &Candidate) -> bool {
    let (la, lb) = (a.end - a.start, b.end - b.start);
    la > lb || (la == lb && a.priority > b.priority)
}

#[cfg(test)]
mod tests {
    use super::super::Label;
    use super::*;

    fn cand(start: usize, end: usize, label: Label, priority: u8) -> Candidate {
        Candidate {
            start,
            end,
            label,
            priority,
        }
    }

    #[test]
    fn overlapping_candidates_become_their_union_with_the_longest_label() {
        let text = "Esch College Emmen is een school";
        let merged = merge(
            text,
            vec![
                cand(13, 18, Label::Location, 20),
                cand(0, 18, Label::Organisation, 30),
                cand(0, 4, Label::Person, 10),
            ],
        );
        assert_eq!(merged, vec![cand(0, 18, Label::Organisation, 30)]);
    }

    #[test]
    fn equal_lengths_are_decided_by_priority() {
        let merged = merge(
            "abcdef",
            vec![cand(0, 3, Label::Person, 10), cand(0, 3, Label::Id, 50)],
        );
        assert_eq!(merged[0].label, Label::Id);
    }

    #[test]
    fn touching_candidates_stay_separate() {
        let merged = merge(
            "abcdef",
            vec![cand(0, 3, Label::Person, 10), cand(3, 6, Label::Id, 50)],
        );
        assert_eq!(merged.len(), 2);
    }

    #[test]
    fn candidates_off_char_boundaries_are_dropped() {
        let merged = merge("é", vec![cand(0, 1, Label::Person, 10)]);
        assert!(merged.is_empty());
    }
}
