//! The picture's two arrangements: side by side on wide screens, stacked
//! (client above, server and database below) on narrow ones. Both are drawn,
//! and the stylesheet shows the one that fits, so the first render never
//! depends on the screen. Here: how the picture's words break into lines
//! that fit their boxes in each arrangement, and how tall those boxes are.

use crate::text::wrap_to_width;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrangement {
    /// Client, connection, server and database from left to right.
    Wide,
    /// Client above, the connection's lanes running down, server and
    /// database below.
    Tall,
}

/// Where a text sits in the picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The client's address bar (a monospace font).
    AddressBar,
    /// A request or response travelling on the connection.
    Message,
}

/// The most lines a box grows to; what is longer still is cut short, with
/// an ellipsis (the narration has it whole).
pub const MAX_LINES: usize = 3;

impl Arrangement {
    pub const ALL: [Arrangement; 2] = [Arrangement::Wide, Arrangement::Tall];

    /// The class that tells the stylesheet which arrangement this is.
    pub fn css(self) -> &'static str {
        match self {
            Arrangement::Wide => "is-wide",
            Arrangement::Tall => "is-tall",
        }
    }

    /// The characters that fit on one line at `place`: its inner width over
    /// a character's width at its font size, with the widest fallback font
    /// (DejaVu: 0.6 em monospace, about 0.62 em on average in bold).
    pub fn line_chars(self, place: Place) -> usize {
        match (self, place) {
            // 110 units at 12 px monospace.
            (Arrangement::Wide, Place::AddressBar) => 15,
            // 130 units at 12 px bold.
            (Arrangement::Wide, Place::Message) => 19,
            // 210 units at 13 px monospace.
            (Arrangement::Tall, Place::AddressBar) => 26,
            // 216 units at 13 px bold.
            (Arrangement::Tall, Place::Message) => 26,
        }
    }

    /// The height of one line of text in the picture's units.
    pub fn line_height(self) -> u32 {
        match self {
            Arrangement::Wide => 14,
            Arrangement::Tall => 15,
        }
    }

    /// `text` broken into the lines that fit `place`.
    pub fn lines(self, place: Place, text: &str) -> Vec<String> {
        wrap_to_width(text, self.line_chars(place), MAX_LINES)
    }

    /// The height of a box holding `lines` lines: a line each, and padding.
    pub fn box_height(self, lines: usize) -> u32 {
        let lines = u32::try_from(lines.clamp(1, MAX_LINES)).unwrap_or(1);
        10 + self.line_height() * lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_fits_whole_in_both_arrangements() {
        for address in ["target.com/store-locator", "try.turing.edu/help", "/data/stores/80202.json"] {
            for arrangement in Arrangement::ALL {
                let lines = arrangement.lines(Place::AddressBar, address);
                assert_eq!(lines.concat(), address, "{arrangement:?}");
                assert!(lines.len() <= 2, "{arrangement:?}: {lines:?}");
            }
        }
        // Stacked, the picture is as wide as the screen: one line is enough.
        assert_eq!(Arrangement::Tall.lines(Place::AddressBar, "target.com/store-locator").len(), 1);
        assert_eq!(
            Arrangement::Wide.lines(Place::AddressBar, "target.com/store-locator"),
            ["target.com", "/store-locator"]
        );
    }

    #[test]
    fn messages_fit_their_pills_and_long_ones_grow_a_line() {
        for arrangement in Arrangement::ALL {
            for message in ["GET /store-locator", "GET /help", "200 OK", "404 Not Found"] {
                assert_eq!(arrangement.lines(Place::Message, message), [message], "{arrangement:?}");
            }
            let live = "500 Internal Server Error · 1234 ms";
            let lines = arrangement.lines(Place::Message, live);
            assert_eq!(lines.len(), 2, "{arrangement:?}: {lines:?}");
        }
    }

    #[test]
    fn boxes_grow_with_their_lines_up_to_the_most_lines() {
        let wide = Arrangement::Wide;
        assert_eq!(wide.box_height(1), 24);
        assert_eq!(wide.box_height(2), 38);
        assert_eq!(wide.box_height(0), wide.box_height(1));
        assert_eq!(wide.box_height(9), wide.box_height(MAX_LINES));
        let long = "http://127.0.0.1:9999/a/very/long/path/that/goes/on/and/on/and/on/and/on/and/on/and/on";
        for arrangement in Arrangement::ALL {
            let lines = arrangement.lines(Place::AddressBar, long);
            assert_eq!(lines.len(), MAX_LINES);
            assert!(lines.last().is_some_and(|l| l.ends_with('…')));
        }
    }
}
