//! Running jobs on worker threads, with a watchdog for jobs that hang.
//!
//! Workers take job indices from a shared counter. Each worker publishes which job it is running
//! and since when. The coordinating thread (the caller) wakes up regularly; when a job overruns
//! the hard limit, the coordinator records the job's result as a timeout, marks the worker as
//! abandoned and starts a replacement worker. Safe Rust cannot kill a thread, so the abandoned
//! thread is left behind: if it ever finishes, it sees the mark and exits without reporting, and
//! if it never finishes, it ends with the process. The engine's own deadline
//! ([`crate::engine::Request::deadline`]) handles ordinary hangs; the watchdog only catches
//! bugs that stop the engine from checking it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Stack size of worker threads: deep recursion in tests must not overflow the host stack first.
pub const WORKER_STACK: usize = 256 * 1024 * 1024;

/// A job: computes the result for one index.
pub type Job<R> = Arc<dyn Fn(usize) -> R + Send + Sync>;

/// What a worker is doing, shared with the coordinator.
#[derive(Default)]
struct SlotState {
    current: Option<(usize, Instant)>,
    abandoned: bool,
}

type Slot = Arc<Mutex<SlotState>>;

/// The state shared by the coordinator and the workers.
struct Shared<R> {
    next: AtomicUsize,
    count: usize,
    results: Mutex<(Vec<Option<R>>, usize)>,
    finished: Condvar,
}

impl<R> Shared<R> {
    /// Stores a result unless one is already there (an abandoned job's timeout).
    fn store(&self, index: usize, result: R) {
        let mut guard = self.results.lock().unwrap();
        let (results, done) = &mut *guard;
        if results[index].is_none() {
            results[index] = Some(result);
            *done += 1;
        }
        self.finished.notify_all();
    }
}

/// Runs `job` for every index in `0..count` on `threads` workers and returns the results in
/// index order. A job running longer than `hard_limit` gets `on_overrun(index)` as its result.
/// `progress(done, count)` is called from the coordinator now and then.
pub fn run<R: Send + 'static>(
    count: usize,
    threads: usize,
    hard_limit: Duration,
    job: Job<R>,
    on_overrun: impl Fn(usize) -> R,
    mut progress: impl FnMut(usize, usize),
) -> Vec<R> {
    let shared = Arc::new(Shared {
        next: AtomicUsize::new(0),
        count,
        results: Mutex::new(((0..count).map(|_| None).collect(), 0)),
        finished: Condvar::new(),
    });
    let mut slots: Vec<Slot> = (0..threads.max(1))
        .map(|_| spawn_worker(&shared, &job))
        .collect();
    let tick = (hard_limit / 4).clamp(Duration::from_millis(10), Duration::from_millis(250));
    loop {
        let guard = shared.results.lock().unwrap();
        let (guard, _) = shared
            .finished
            .wait_timeout_while(guard, tick, |(_, done)| *done < count)
            .unwrap();
        let done = guard.1;
        drop(guard);
        progress(done, count);
        if done >= count {
            break;
        }
        for slot in &mut slots {
            if let Some(index) = abandon_if_overrun(slot, hard_limit) {
                shared.store(index, on_overrun(index));
                *slot = spawn_worker(&shared, &job);
            }
        }
    }
    let mut guard = shared.results.lock().unwrap();
    guard.0.iter_mut().map(|r| r.take().unwrap()).collect()
}

/// Marks the worker abandoned if its job overran, returning the job's index.
fn abandon_if_overrun(slot: &Slot, hard_limit: Duration) -> Option<usize> {
    let mut state = slot.lock().unwrap();
    match state.current {
        Some((index, started)) if !state.abandoned && started.elapsed() > hard_limit => {
            state.abandoned = true;
            Some(index)
        }
        _ => None,
    }
}

fn spawn_worker<R: Send + 'static>(shared: &Arc<Shared<R>>, job: &Job<R>) -> Slot {
    let slot: Slot = Arc::default();
    let (shared, job, worker_slot) = (Arc::clone(shared), Arc::clone(job), Arc::clone(&slot));
    thread::Builder::new()
        .name("test262-worker".into())
        .stack_size(WORKER_STACK)
        .spawn(move || worker_loop(&shared, &*job, &worker_slot))
        .expect("failed to spawn a worker thread");
    slot
}

fn worker_loop<R>(shared: &Shared<R>, job: &(dyn Fn(usize) -> R + Send + Sync), slot: &Slot) {
    loop {
        let index = shared.next.fetch_add(1, Ordering::Relaxed);
        if index >= shared.count {
            return;
        }
        slot.lock().unwrap().current = Some((index, Instant::now()));
        let result = job(index);
        {
            let mut state = slot.lock().unwrap();
            if state.abandoned {
                return;
            }
            state.current = None;
        }
        shared.store(index, result);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_in_order_and_overruns_replaced() {
        let job: Job<usize> = Arc::new(|i| {
            if i == 3 {
                // Never returns in a way the watchdog would wait for.
                loop {
                    thread::sleep(Duration::from_millis(50));
                }
            }
            i * 2
        });
        let results = run(20, 2, Duration::from_millis(200), job, |_| 999, |_, _| {});
        let mut expected: Vec<usize> = (0..20).map(|i| i * 2).collect();
        expected[3] = 999;
        assert_eq!(results, expected);
    }
}
