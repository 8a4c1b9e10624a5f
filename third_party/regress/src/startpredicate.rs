//! Support for quickly finding potential match locations.
use crate::bytesearch::ByteBitmap;
use crate::codepointset;
use crate::insn::StartPredicate;
use crate::ir;
use crate::ir::Node;
#[cfg(not(feature = "utf16"))] // AMBER PATCH
use crate::util::{add_utf8_first_bytes_to_bitmap, utf8_first_byte};
#[cfg(not(feature = "std"))]
use alloc::{boxed::Box, vec::Vec};
#[cfg(not(feature = "utf16"))] // AMBER PATCH
use memchr::memmem;

/// Check if a node is anchored to the start of the line/string.
/// Returns true if the node begins with a StartOfLine anchor.
fn is_start_anchored(n: &Node) -> bool {
    match n {
        Node::Anchor {
            anchor_type: ir::AnchorType::StartOfLine,
            multiline,
        } => !multiline,
        Node::Cat(nodes) => {
            // For concatenation, check if the first node is start-anchored
            nodes.first().is_some_and(is_start_anchored)
        }
        Node::CaptureGroup { contents, .. } => is_start_anchored(contents),
        // For alternation, both arms must be start-anchored
        Node::Alt(left, right) => is_start_anchored(left) && is_start_anchored(right),
        // Other nodes are not anchored
        _ => false,
    }
}

#[cfg(not(feature = "utf16"))] // AMBER PATCH: bytes are not searched in UTF-16 mode.
/// Convert the code point set to a first-byte bitmap.
/// That is, make a list of all of the possible first bytes of every contained
/// code point, and store that in a bitmap.
fn cps_to_first_byte_bitmap(input: &codepointset::CodePointSet) -> Box<ByteBitmap> {
    let mut bitmap = Box::<ByteBitmap>::default();
    for iv in input.intervals() {
        add_utf8_first_bytes_to_bitmap(*iv, &mut bitmap);
    }
    bitmap
}

#[cfg(not(feature = "utf16"))] // AMBER PATCH: bytes are not searched in UTF-16 mode.
/// The "IR" for a start predicate.
enum AbstractStartPredicate {
    /// No predicate.
    Arbitrary,

    /// Sequence of non-empty bytes.
    Sequence(Vec<u8>),

    /// Set of bytes.
    Set(Box<ByteBitmap>),
}

#[cfg(not(feature = "utf16"))] // AMBER PATCH: bytes are not searched in UTF-16 mode.
impl AbstractStartPredicate {
    /// \return the disjunction of two predicates.
    /// That is, a predicate that matches x OR y.
    fn disjunction(x: Self, y: Self) -> Self {
        match (x, y) {
            (Self::Arbitrary, _) => Self::Arbitrary,
            (_, Self::Arbitrary) => Self::Arbitrary,

            (Self::Sequence(s1), Self::Sequence(s2)) => {
                // Compute the length of the shared prefix.
                let shared_len = s1.iter().zip(s2.iter()).take_while(|(a, b)| a == b).count();
                debug_assert!(s1[..shared_len] == s2[..shared_len]);
                if shared_len > 0 {
                    // Use the shared prefix.
                    Self::Sequence(s1[..shared_len].to_vec())
                } else {
                    // Use a set of their first byte.
                    Self::Set(Box::new(ByteBitmap::new(&[s1[0], s2[0]])))
                }
            }

            (Self::Set(mut s1), Self::Set(s2)) => {
                s1.bitor(s2.as_ref());
                Self::Set(s1)
            }

            (Self::Set(mut s1), Self::Sequence(s2)) => {
                // Add first byte to set.
                s1.set(s2[0]);
                Self::Set(s1)
            }

            (Self::Sequence(s1), Self::Set(mut s2)) => {
                s2.set(s1[0]);
                Self::Set(s2)
            }
        }
    }

    /// Resolve ourselves to a concrete start predicate.
    fn resolve_to_insn(self) -> StartPredicate {
        match self {
            Self::Arbitrary => StartPredicate::Arbitrary,
            Self::Sequence(vals) => match vals.len() {
                0 => StartPredicate::Arbitrary,
                1 => StartPredicate::ByteSet1([vals[0]]),
                _ => StartPredicate::ByteSeq(Box::new(memmem::Finder::new(&vals).into_owned())),
            },
            Self::Set(bm) => match bm.count_bits() {
                0 => StartPredicate::Arbitrary,
                1 => StartPredicate::ByteSet1(bm.as_array()),
                2 => StartPredicate::ByteSet2(bm.as_array()),
                3 => StartPredicate::ByteSet3(bm.as_array()),
                _ => StartPredicate::ByteBracket(*bm),
            },
        }
    }
}

#[cfg(not(feature = "utf16"))] // AMBER PATCH: bytes are not searched in UTF-16 mode.
/// Compute any start-predicate for a node..
/// If this returns None, then the instruction is conceptually zero-width (e.g.
/// lookahead assertion) and does not contribute to the predicate.
/// If this returns StartPredicate::Arbitrary, then there is no predicate.
fn compute_start_predicate(n: &Node) -> Option<AbstractStartPredicate> {
    let arbitrary = Some(AbstractStartPredicate::Arbitrary);
    match n {
        Node::ByteSequence(bytevec) => Some(AbstractStartPredicate::Sequence(bytevec.clone())),
        Node::ByteSet(bytes) => Some(AbstractStartPredicate::Set(Box::new(ByteBitmap::new(
            bytes,
        )))),

        Node::Empty => arbitrary,
        Node::Goal => arbitrary,
        Node::BackRef { .. } => arbitrary,

        Node::CharSet(chars) => {
            // Pick the first bytes out.
            let bytes = chars
                .iter()
                .map(|&c| utf8_first_byte(c))
                .collect::<Vec<_>>();
            Some(AbstractStartPredicate::Set(Box::new(ByteBitmap::new(
                &bytes,
            ))))
        }

        // StringSets come from TC39 "sequence properties" and are very rare - not worth optimizing.
        Node::StringSet { .. } => arbitrary,

        // We assume that most char nodes have been optimized to ByteSeq or AnyBytes2, so skip
        // these.
        // TODO: we could support icase through bitmap of de-folded first bytes.
        Node::Char { .. } => arbitrary,

        // Cats return the first non-None value, if any.
        Node::Cat(nodes) => nodes.iter().filter_map(compute_start_predicate).next(),

        // MatchAny (aka .) is too common to do a fast prefix search for.
        Node::MatchAny => arbitrary,

        // MatchAnyExceptLineTerminator (aka .) is too common to do a fast prefix search for.
        Node::MatchAnyExceptLineTerminator => arbitrary,

        // TODO: can probably exploit some of these.
        Node::Anchor { .. } => arbitrary,
        Node::WordBoundary { .. } => arbitrary,

        // Capture groups delegate to their contents.
        Node::CaptureGroup { contents, .. } => compute_start_predicate(contents),

        // Zero-width assertions are one of the few instructions that impose no start predicate.
        Node::LookaroundAssertion { .. } => None,

        Node::Loop { loopee, quant, .. } => {
            // TODO: we could try to join two predicates if the loop were optional.
            if quant.min > 0 {
                compute_start_predicate(loopee)
            } else {
                arbitrary
            }
        }

        Node::Loop1CharBody { loopee, quant } => {
            // TODO: we could try to join two predicates if the loop were optional.
            if quant.min > 0 {
                compute_start_predicate(loopee)
            } else {
                arbitrary
            }
        }

        // This one is interesting - we compute the disjunction of the predicates of our two arms.
        Node::Alt(left, right) => {
            if let (Some(x), Some(y)) = (
                compute_start_predicate(left),
                compute_start_predicate(right),
            ) {
                Some(AbstractStartPredicate::disjunction(x, y))
            } else {
                // This indicates that one of our branches could match the empty string.
                arbitrary
            }
        }

        // Brackets get a bitmap.
        Node::Bracket(bc) => {
            // If our bracket is inverted, construct the set of code points not contained.
            let storage;
            let cps = if bc.invert {
                storage = bc.cps.inverted();
                &storage
            } else {
                &bc.cps
            };
            let bitmap = cps_to_first_byte_bitmap(cps);
            Some(AbstractStartPredicate::Set(bitmap))
        }
    }
}

/// \return the start predicate for a Regex.
pub fn predicate_for_re(re: &ir::Regex) -> StartPredicate {
    // Check if the regex is anchored to the start - if so, we can optimize
    // by avoiding string searching entirely. However, only do this when
    // multiline mode is disabled, since in multiline mode ^ can match
    // at the beginning of any line, not just the string start.
    if is_start_anchored(&re.node) && !re.flags.multiline {
        return StartPredicate::StartAnchored;
    }

    // AMBER PATCH: UTF-16 and UCS-2 input is never searched by bytes; it gets a predicate over
    // its first element instead.
    #[cfg(feature = "utf16")]
    return match compute_element_predicate(&re.node) {
        Some(ElementPredicate::Set { low, high }) if !high || low.count_bits() < 256 => {
            StartPredicate::ElementSet { low: *low, high }
        }
        _ => StartPredicate::Arbitrary,
    };

    #[cfg(not(feature = "utf16"))]
    compute_start_predicate(&re.node)
        .unwrap_or(AbstractStartPredicate::Arbitrary)
        .resolve_to_insn()
}

/// AMBER PATCH: what the first element (code point, or UTF-16 code unit) of any match may be.
/// Elements below 256 are listed in a bitmap; those at or above 256 are not told apart, only
/// allowed or not. A predicate only ever over-approximates: it may accept an element no match
/// starts with, never reject one that a match does start with.
#[cfg(feature = "utf16")]
enum ElementPredicate {
    /// No predicate: any element, or none (the empty string), may start a match.
    Arbitrary,
    /// A match starts with an element below 256 in `low`, or with one at or above 256 when
    /// `high`.
    Set { low: Box<ByteBitmap>, high: bool },
}

#[cfg(feature = "utf16")]
impl ElementPredicate {
    /// The predicate of one element out of `elements`.
    fn of_elements(elements: impl IntoIterator<Item = u32>) -> Self {
        let mut low = Box::<ByteBitmap>::default();
        let mut high = false;
        for e in elements {
            match u8::try_from(e) {
                Ok(b) => low.set(b),
                Err(_) => high = true,
            }
        }
        Self::Set { low, high }
    }

    /// The predicate of one element in one of the code point ranges `intervals`.
    fn of_intervals<'a>(intervals: impl IntoIterator<Item = &'a codepointset::Interval>) -> Self {
        let mut low = Box::<ByteBitmap>::default();
        let mut high = false;
        for iv in intervals {
            for cp in iv.first..=iv.last.min(255) {
                low.set(cp as u8);
            }
            high |= iv.last > 255;
        }
        Self::Set { low, high }
    }

    /// A predicate that matches x OR y.
    fn disjunction(x: Self, y: Self) -> Self {
        match (x, y) {
            (
                Self::Set {
                    low: mut l1,
                    high: h1,
                },
                Self::Set { low: l2, high: h2 },
            ) => {
                l1.bitor(&l2);
                Self::Set {
                    low: l1,
                    high: h1 || h2,
                }
            }
            _ => Self::Arbitrary,
        }
    }
}

/// AMBER PATCH: the element predicate of a node, as [`compute_start_predicate`] computes the
/// byte predicate: `None` for a node that matches no element (an assertion), which leaves the
/// predicate to what follows it.
#[cfg(feature = "utf16")]
fn compute_element_predicate(n: &Node) -> Option<ElementPredicate> {
    let arbitrary = Some(ElementPredicate::Arbitrary);
    match n {
        // Case-insensitive characters reach here already expanded into every character they
        // match (`Parser::char_node`), and brackets with their case variants added, so the
        // matcher compares elements as they are and so can the predicate.
        Node::Char { c } => Some(ElementPredicate::of_elements([*c])),
        Node::CharSet(chars) => Some(ElementPredicate::of_elements(chars.iter().copied())),
        Node::Bracket(bc) => {
            let storage;
            let cps = if bc.invert {
                storage = bc.cps.inverted();
                &storage
            } else {
                &bc.cps
            };
            Some(ElementPredicate::of_intervals(cps.intervals()))
        }

        // Zero-width assertions consume nothing, so the next node decides.
        Node::LookaroundAssertion { .. } | Node::Anchor { .. } | Node::WordBoundary { .. } => None,

        Node::Cat(nodes) => nodes.iter().filter_map(compute_element_predicate).next(),
        Node::CaptureGroup { contents, .. } => compute_element_predicate(contents),
        Node::Loop { loopee, quant, .. } | Node::Loop1CharBody { loopee, quant } => {
            if quant.min > 0 {
                compute_element_predicate(loopee)
            } else {
                arbitrary
            }
        }
        Node::Alt(left, right) => match (
            compute_element_predicate(left),
            compute_element_predicate(right),
        ) {
            (Some(x), Some(y)) => Some(ElementPredicate::disjunction(x, y)),
            // One arm can match the empty string.
            _ => arbitrary,
        },

        // Bytes never reach UTF-16 matching (the optimizer leaves them out); the rest may match
        // the empty string or almost anything.
        Node::ByteSequence(..)
        | Node::ByteSet(..)
        | Node::Empty
        | Node::Goal
        | Node::BackRef { .. }
        | Node::StringSet { .. }
        | Node::MatchAny
        | Node::MatchAnyExceptLineTerminator => arbitrary,
    }
}
