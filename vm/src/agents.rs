//! test262's multiple agents, `$262.agent` (test262 INTERPRETING.md, "Host-Defined
//! Functions"): the main agent starts agents, broadcasts a SharedArrayBuffer to them and reads
//! their reports; each agent is a separate [`Vm`] (its own heap and realm) running on its own
//! OS thread, evaluating a script with its own `$262.agent` (`receiveBroadcast`, `report`,
//! `leaving`, `sleep`, `monotonicNow`).
//!
//! What the agents share is Rust-side, never in a heap: the [`AgentGroup`] (broadcast message,
//! report queue, each agent's state) and the Shared Data Blocks of SharedArrayBuffers
//! (`amber_heap::shared`), which a broadcast hands over by block id, so the main agent's and
//! each agent's SharedArrayBuffer objects (one per heap) share the same memory.
//!
//! Limits: an agent inherits its starter's deadline, so a hanging agent stops with the test;
//! when the main VM is dropped its agents are interrupted and awaited for a short while (then
//! left to stop at their next safepoint: the threads are detached and never keep the process
//! alive). Every wait (broadcast, start, an agent waiting for a broadcast) wakes regularly
//! to check the deadline and the interrupt flag.

use crate::builtins;
use crate::builtins::atomics::{remove_waiters, Mailbox};
use crate::natives::NativeId;
use crate::realm::Intrinsic;
use crate::{ops, Args, JsResult, ScriptError, Vm, VmOptions};
use amber_heap::object::ArrayBufferData;
use amber_heap::shared::SharedBlockRef;
use amber_heap::{Handle, Object, ObjectKind, Realm, Value};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

/// How long dropping a main VM waits for its agents to end.
const SHUTDOWN_WAIT: Duration = Duration::from_secs(2);
/// The longest a blocked wait sleeps before looking at the deadline and interrupt flag again.
const POLL: Duration = Duration::from_millis(50);
/// The stack of an agent thread (the interpreter does not recurse for JavaScript calls).
const AGENT_STACK: usize = 16 << 20;

/// A VM's Rust-side agent state (never in the heap, never in images).
pub(crate) struct AgentHost {
    /// Where notifications for this agent's waiters arrive (see `builtins::atomics`).
    pub(crate) mailbox: Arc<Mailbox>,
    /// (token, block id, byte index) of each `Atomics.waitAsync` waiter, in the order of
    /// `AgentRoots::waiters`.
    pub(crate) async_waiters: Vec<(u64, u64, usize)>,
    /// The agents this VM started (`$262.agent.start`).
    group: Option<Arc<AgentGroup>>,
    /// For an agent VM: its group and its index there.
    link: Option<(Arc<AgentGroup>, usize)>,
    /// The agent called `$262.agent.leaving()`.
    leaving: bool,
}

impl Default for AgentHost {
    fn default() -> Self {
        AgentHost {
            mailbox: Arc::new(Mailbox::default()),
            async_waiters: Vec::new(),
            group: None,
            link: None,
            leaving: false,
        }
    }
}

impl Drop for AgentHost {
    fn drop(&mut self) {
        // Waiters of a VM that is gone must not be counted by a later notify.
        remove_waiters(&self.async_waiters);
        if let Some(group) = self.group.take() {
            group.shut_down(SHUTDOWN_WAIT);
        }
    }
}

/// The agents one main agent started, and what they exchange.
struct AgentGroup {
    state: Mutex<GroupState>,
    /// Signalled on every change of `state`.
    cond: Condvar,
}

#[derive(Default)]
struct GroupState {
    agents: Vec<Slot>,
    /// The number of broadcasts so far; the current message is `message`.
    generation: u64,
    message: Option<Message>,
    /// Reports not yet read by `getReport`, oldest first.
    reports: VecDeque<String>,
    /// The main agent is gone: agents stop.
    cancelled: bool,
}

struct Slot {
    /// The agent VM's interrupt flag, once it exists.
    interrupt: Option<Arc<AtomicBool>>,
    /// The thread is still running.
    running: bool,
    /// The last broadcast generation the agent retrieved.
    received: u64,
}

/// A broadcast: the SharedArrayBuffer's block (retained while the message exists), its
/// maximum length, and the number or BigInt sent with it.
struct Message {
    block: SharedBlockRef,
    max_byte_length: Option<u64>,
    id: MessageId,
}

enum MessageId {
    Number(f64),
    /// A BigInt, as decimal text.
    BigInt(String),
}

impl AgentGroup {
    fn lock(&self) -> MutexGuard<'_, GroupState> {
        // Updates under this lock are single assignments: a poisoned lock is consistent.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits on the condition variable for at most `wait`.
    fn wait<'a>(
        &self,
        guard: MutexGuard<'a, GroupState>,
        wait: Duration,
    ) -> MutexGuard<'a, GroupState> {
        self.cond
            .wait_timeout(guard, wait)
            .map_or_else(|e| e.into_inner().0, |r| r.0)
    }

    fn any_running(&self) -> bool {
        self.lock().agents.iter().any(|a| a.running)
    }

    /// The main agent is going away: interrupt every agent, then wait up to `limit` for
    /// their threads to end.
    fn shut_down(&self, limit: Duration) {
        let end = Instant::now() + limit;
        let mut state = self.lock();
        state.cancelled = true;
        state.message = None;
        for a in &state.agents {
            if let Some(i) = &a.interrupt {
                i.store(true, Ordering::Relaxed);
            }
        }
        self.cond.notify_all();
        while state.agents.iter().any(|a| a.running) {
            let now = Instant::now();
            if now >= end {
                break;
            }
            state = self.wait(state, (end - now).min(POLL));
        }
    }

    /// An agent thread ends.
    fn finish(&self, index: usize) {
        let mut state = self.lock();
        if let Some(a) = state.agents.get_mut(index) {
            a.running = false;
        }
        self.cond.notify_all();
    }
}

/// The VM must stop (deadline or interrupt)?
fn must_stop(vm: &Vm) -> bool {
    vm.interrupt.load(Ordering::Relaxed) || vm.deadline.is_some_and(|d| Instant::now() >= d)
}

/// Stops the running script: the uncatchable interruption a deadline causes.
fn stop(vm: &mut Vm) -> crate::Throw {
    vm.terminating = Some(ScriptError::Interrupted);
    crate::Throw(())
}

/// How long to sleep before checking the deadline and interrupt flag again.
fn poll_wait(vm: &Vm) -> Duration {
    match vm.deadline {
        Some(d) => POLL.min(d.saturating_duration_since(Instant::now())),
        None => POLL,
    }
}

impl Vm {
    /// Can another agent notify this one's waiters? (An agent's starter always can; a main
    /// agent's agents can while they run.)
    pub(crate) fn other_agents_may_notify(&self) -> bool {
        self.agent_host.link.is_some()
            || self
                .agent_host
                .group
                .as_ref()
                .is_some_and(|g| g.any_running())
    }
}

/// Fills the `$262.agent` object of a realm's `$262`: the agent-side functions in an agent
/// VM, the main agent's otherwise.
pub(crate) fn install(vm: &mut Vm, agent: Handle<Object>) {
    let list: &[(&str, NativeId, u32)] = if vm.agent_host.link.is_some() {
        &[
            (
                "receiveBroadcast",
                NativeId::Test262AgentReceiveBroadcast,
                1,
            ),
            ("report", NativeId::Test262AgentReport, 1),
            ("leaving", NativeId::Test262AgentLeaving, 0),
            ("sleep", NativeId::Test262AgentSleep, 1),
            ("monotonicNow", NativeId::Test262AgentMonotonicNow, 0),
        ]
    } else {
        &[
            ("start", NativeId::Test262AgentStart, 1),
            ("broadcast", NativeId::Test262AgentBroadcast, 2),
            ("getReport", NativeId::Test262AgentGetReport, 0),
            ("sleep", NativeId::Test262AgentSleep, 1),
            ("monotonicNow", NativeId::Test262AgentMonotonicNow, 0),
        ]
    };
    for &(name, id, len) in list {
        builtins::method(vm, agent, name, id, len);
    }
}

// --- the main agent's side -------------------------------------------------------------------

/// `$262.agent.start(source)`: runs `source` as a script in a new agent on its own thread;
/// returns once the agent's VM exists and is about to evaluate it.
pub fn start(vm: &mut Vm, args: Args) -> JsResult {
    let source = ops::to_rust_string(vm, args.get(vm, 0))?;
    let group = vm
        .agent_host
        .group
        .get_or_insert_with(|| {
            Arc::new(AgentGroup {
                state: Mutex::new(GroupState::default()),
                cond: Condvar::new(),
            })
        })
        .clone();
    let index = {
        let mut state = group.lock();
        state.agents.push(Slot {
            interrupt: None,
            running: true,
            received: 0,
        });
        state.agents.len() - 1
    };
    let options = AgentOptions {
        gc_stress: vm.options.gc_stress,
        max_heap: vm.options.max_heap,
        deadline: vm.deadline,
    };
    let thread_group = group.clone();
    amber_heap::before_spawning_thread();
    let spawned = std::thread::Builder::new()
        .name(format!("agent {index}"))
        .stack_size(AGENT_STACK)
        .spawn(move || agent_thread(thread_group, index, source, options));
    if spawned.is_err() {
        group.finish(index);
        return Err(vm.throw_error(
            crate::ErrorKind::Error,
            "$262.agent.start: could not start a thread",
        ));
    }
    // Block until the agent is running (or already gone).
    let mut state = group.lock();
    loop {
        let a = &state.agents[index];
        if a.interrupt.is_some() || !a.running {
            return Ok(Value::Undefined);
        }
        if must_stop(vm) {
            drop(state);
            return Err(stop(vm));
        }
        let wait = poll_wait(vm);
        state = group.wait(state, wait);
    }
}

/// `$262.agent.broadcast(sab, id)`: hands the SharedArrayBuffer's memory and `id` to every
/// agent and blocks until each running agent has retrieved them.
pub fn broadcast(vm: &mut Vm, args: Args) -> JsResult {
    let block = match args.get(vm, 0) {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::ArrayBuffer(d) => d.block.clone().map(|b| (b, d.max_byte_length)),
            _ => None,
        },
        _ => None,
    };
    let Some((block, max_byte_length)) = block else {
        return Err(vm.type_error("$262.agent.broadcast: the argument is not a SharedArrayBuffer"));
    };
    let id = match args.get(vm, 1) {
        Value::BigInt(b) => MessageId::BigInt(builtins::bigint::to_decimal(vm.heap.get(b))),
        Value::Undefined => MessageId::Number(0.0),
        v => MessageId::Number(ops::to_number(vm, v)?),
    };
    let Some(group) = vm.agent_host.group.clone() else {
        // No agent was started: nobody to wait for.
        return Ok(Value::Undefined);
    };
    let mut state = group.lock();
    state.generation += 1;
    let generation = state.generation;
    state.message = Some(Message {
        block,
        max_byte_length,
        id,
    });
    group.cond.notify_all();
    loop {
        let done = state
            .agents
            .iter()
            .all(|a| !a.running || a.received >= generation);
        if done {
            return Ok(Value::Undefined);
        }
        if must_stop(vm) {
            drop(state);
            return Err(stop(vm));
        }
        let wait = poll_wait(vm);
        state = group.wait(state, wait);
    }
}

/// `$262.agent.getReport()`: the oldest report not yet read, or null.
pub fn get_report(vm: &mut Vm, _: Args) -> JsResult {
    let report = vm
        .agent_host
        .group
        .as_ref()
        .and_then(|g| g.lock().reports.pop_front());
    Ok(match report {
        Some(r) => vm.string_from(&r),
        None => Value::Null,
    })
}

/// `$262.agent.sleep(ms)` (both sides): sleeps about `ms` milliseconds, or until the VM must
/// stop.
pub fn sleep(vm: &mut Vm, args: Args) -> JsResult {
    let ms = ops::to_number(vm, args.get(vm, 0))?;
    let end = if ms.is_nan() || ms <= 0.0 {
        Some(Instant::now())
    } else {
        Duration::try_from_secs_f64(ms / 1000.0)
            .ok()
            .and_then(|d| Instant::now().checked_add(d))
    };
    loop {
        if must_stop(vm) {
            return Err(stop(vm));
        }
        let now = Instant::now();
        let left = end.map_or(POLL, |e| e.saturating_duration_since(now));
        if left.is_zero() {
            return Ok(Value::Undefined);
        }
        std::thread::sleep(left.min(poll_wait(vm)).max(Duration::from_micros(100)));
    }
}

/// `$262.agent.monotonicNow()` (both sides): milliseconds on a monotonic clock shared by all
/// agents of the process (a DOMHighResTimeStamp).
pub fn monotonic_now(_: &mut Vm, _: Args) -> JsResult {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    let origin = *ORIGIN.get_or_init(Instant::now);
    Ok(Value::Number(origin.elapsed().as_secs_f64() * 1000.0))
}

// --- an agent's side -------------------------------------------------------------------------

/// `$262.agent.receiveBroadcast(callback)`: the callback runs (after the agent's script) with
/// each broadcast's SharedArrayBuffer and id.
pub fn receive_broadcast(vm: &mut Vm, args: Args) -> JsResult {
    let callback = args.get(vm, 0);
    if !ops::is_callable(vm, callback) {
        return Err(vm.type_error("$262.agent.receiveBroadcast: the callback is not callable"));
    }
    let realm = vm.agent.realms[0];
    let host = &mut vm.heap.get_mut(realm).host;
    host.resize(host.len().max(2), Value::Undefined);
    host[1] = callback;
    Ok(Value::Undefined)
}

/// `$262.agent.report(value)`: queues ToString(value) for the main agent's `getReport`.
pub fn report(vm: &mut Vm, args: Args) -> JsResult {
    let text = ops::to_rust_string(vm, args.get(vm, 0))?;
    if let Some((group, _)) = &vm.agent_host.link {
        group.lock().reports.push_back(text);
        group.cond.notify_all();
    }
    Ok(Value::Undefined)
}

/// `$262.agent.leaving()`: the agent is done; its thread ends once its jobs have run.
pub fn leaving(vm: &mut Vm, _: Args) -> JsResult {
    vm.agent_host.leaving = true;
    Ok(Value::Undefined)
}

/// What an agent VM inherits from the VM that started it.
struct AgentOptions {
    gc_stress: bool,
    max_heap: Option<usize>,
    deadline: Option<Instant>,
}

/// An agent thread: runs the agent, catching any panic (a bug, which must not take the process
/// down from a detached thread), then marks the agent finished.
fn agent_thread(group: Arc<AgentGroup>, index: usize, source: String, options: AgentOptions) {
    let run = std::panic::AssertUnwindSafe(|| run_agent(&group, index, &source, options));
    let _ = std::panic::catch_unwind(run);
    group.finish(index);
}

fn run_agent(group: &Arc<AgentGroup>, index: usize, source: &str, options: AgentOptions) {
    let mut vm = Vm::new(VmOptions {
        gc_stress: options.gc_stress,
        max_heap: options.max_heap,
        capture_output: true,
        ..VmOptions::default()
    });
    vm.set_deadline(options.deadline);
    vm.agent_host.link = Some((group.clone(), index));
    {
        let mut state = group.lock();
        if state.cancelled {
            return;
        }
        if let Some(a) = state.agents.get_mut(index) {
            a.interrupt = Some(vm.interrupt_handle());
        }
        group.cond.notify_all();
    }
    let realm = vm.main_realm();
    vm.install_test262_host(realm);
    if vm.exec_script(realm, source, "<agent>").is_err() || vm.run_jobs().is_err() {
        return;
    }
    let mut seen = 0;
    while !vm.agent_host.leaving {
        let realm = vm.realm_handle(realm);
        let callback = vm.heap.get(realm).host.get(1).copied();
        let Some(callback) = callback.filter(|c| !c.is_undefined()) else {
            return;
        };
        // Wait for a broadcast newer than the last one.
        let message = {
            let mut state = group.lock();
            loop {
                if state.cancelled || must_stop(&vm) {
                    return;
                }
                if state.generation > seen {
                    let message = state.message.as_ref().map(|m| {
                        let id = match &m.id {
                            MessageId::Number(n) => MessageId::Number(*n),
                            MessageId::BigInt(s) => MessageId::BigInt(s.clone()),
                        };
                        (m.block.clone(), m.max_byte_length, id)
                    });
                    if let Some(message) = message {
                        seen = state.generation;
                        if let Some(a) = state.agents.get_mut(index) {
                            a.received = seen;
                        }
                        group.cond.notify_all();
                        break message;
                    }
                }
                let wait = poll_wait(&vm);
                state = group.wait(state, wait);
            }
        };
        if call_with_broadcast(&mut vm, realm, callback, message).is_err() {
            return;
        }
    }
}

/// Calls the agent's broadcast callback with a SharedArrayBuffer of this agent's heap over the
/// broadcast block, and the id; then runs the jobs.
fn call_with_broadcast(
    vm: &mut Vm,
    realm: Handle<Realm>,
    callback: Value,
    (block, max_byte_length, id): (SharedBlockRef, Option<u64>, MessageId),
) -> Result<(), ScriptError> {
    let cs = vm.root(callback);
    let proto = vm.realm_intrinsic(realm, Intrinsic::SharedArrayBufferPrototype);
    let sab = vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::ArrayBuffer(Box::new(ArrayBufferData {
            bytes: None,
            max_byte_length,
            shared: true,
            immutable: false,
            block: Some(block),
        })),
    ));
    let ss = vm.root(Value::Object(sab));
    let id = match id {
        MessageId::Number(n) => Value::Number(n),
        MessageId::BigInt(s) => match builtins::bigint::parse_string(&s) {
            Some(b) => Value::BigInt(vm.heap.alloc(b)),
            None => Value::Undefined,
        },
    };
    let (callback, sab) = (vm.rooted(cs), vm.rooted(ss));
    let r = ops::call(vm, callback, Value::Undefined, &[sab, id]);
    vm.unroot(cs);
    vm.clear_kept_objects();
    if r.is_err() {
        return Err(vm.script_error());
    }
    vm.run_jobs()
}
