//! The REPL driven in a real terminal: tmux runs `amber` in a pseudo-terminal, the test types
//! with `send-keys` and reads the screen with `capture-pane`. It checks multi-line input, the
//! inspector, Tab completion, `_`, history across sessions (Up after a restart) and Ctrl-D.
//! (tmux is part of these machines' image; the test fails, not skips, without it.)

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Session {
    name: String,
}

impl Session {
    fn start(name: &str, home: &Path) -> Session {
        let amber = env!("CARGO_BIN_EXE_amber");
        let status = Command::new("tmux")
            .args(["new-session", "-d", "-s", name, "-x", "120", "-y", "40"])
            .arg(format!("env HOME={} NO_COLOR=1 {amber}", home.display()))
            .status()
            .expect("tmux is needed for this test");
        assert!(status.success());
        let s = Session {
            name: name.to_string(),
        };
        s.wait_for("Ctrl-D to exit");
        s
    }

    fn keys(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.name])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits (up to 10 s) until the screen contains `text`.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "waited for {text:?}; the screen is:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn alive(&self) -> bool {
        Command::new("tmux")
            .args(["has-session", "-t", &self.name])
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .status();
    }
}

#[test]
fn a_repl_session_in_a_terminal() {
    let home = std::env::temp_dir().join(format!("amber-repl-home-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let name = format!("amber-repl-{}", std::process::id());
    let s = Session::start(&name, &home);

    // Multi-line input: an open brace continues on a `... ` line.
    s.keys(&["function add(a, b) {", "Enter"]);
    s.wait_for("...");
    s.keys(&["return a + b; }", "Enter"]);
    s.keys(&["add(40, 2)", "Enter"]);
    s.wait_for("42");
    // The inspector: node's conventions for a Map and a class instance.
    s.keys(&["new Map([[1, 'one']])", "Enter"]);
    s.wait_for("Map(1) { 1 => 'one' }");
    s.keys(&["class P { x = 1 }; new P()", "Enter"]);
    s.wait_for("P { x: 1 }");
    // `_` is the last value.
    s.keys(&["_.x + 1", "Enter"]);
    s.wait_for("\n2");
    // Tab completes a global.
    s.keys(&["Shadow", "Tab"]);
    s.wait_for("> ShadowRealm");
    s.keys(&["C-u"]);
    // Ctrl-D exits and saves the history.
    s.keys(&["C-d"]);
    let start = Instant::now();
    while s.alive() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!s.alive(), "Ctrl-D did not exit");
    drop(s);

    // A new session: Up brings back the previous session's last line.
    let s = Session::start(&format!("{name}-2"), &home);
    s.keys(&["Up"]);
    s.wait_for("> _.x + 1");
    drop(s);
    let _ = std::fs::remove_dir_all(&home);
}
