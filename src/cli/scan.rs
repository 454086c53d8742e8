//! `rebound scan PATH... [--jsonl]`: decode every file under each path.
//!
//! - Directories are walked recursively (symlinks followed, loops detected), in name order.
//! - A **Maildir** (a folder with `cur/` and `new/`) contributes the messages in `cur/` and
//!   `new/` and its Maildir++ subfolders; `tmp/` (deliveries in progress), dotfiles in `cur/`
//!   and `new/`, and the index files beside `cur/` (dovecot-uidlist, maildirfolder, …) are
//!   skipped.
//! - A file that starts with an mbox `From ` line, is not named `*.eml`, and has another `From `
//!   line after an empty line is an **mbox**: it is split with mail-parser's `MessageIterator`
//!   and each message is decoded on its own. Its lines keep `file` as the path and add
//!   `message`, the 1-based index in the mbox. Any other file is one input, decoded whole
//!   exactly as `rebound decode` would, with no `message` key (saved `.eml` files often start
//!   with a `From ` line and may quote the bounced message's own).
//! - A file that cannot be read is named on stderr and skipped; the exit code is then 2.
//!
//! Threads: this thread walks and reads, and hands out the inputs in batches; one decoder per
//! core (at most 8) decodes and serializes a batch, then puts it back in walk order and prints
//! it (no writer thread: it only waited and woke), so the output is the same as a one-thread
//! scan's. Memory: at most [`QUEUE`] batches (each at most [`BATCH_UNITS`] inputs or about
//! [`BATCH_BYTES`]) wait for a decoder, and the walk stays less than [`AHEAD`] batches ahead of
//! the output. Files up to [`SLURP_LIMIT`] are read whole; larger mbox files are streamed
//! message by message.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use mail_parser::mailbox::mbox::MessageIterator;
use rebound::reason::Reason;
use rebound::remedy::RemedyKind;
use rebound::report::{InputKind, Recipient, Report};
use serde::Serialize;

use crate::human::{self, Summary};
use crate::EXIT_ERROR;

/// Files up to this size are read in one go; bigger mbox files are streamed.
const SLURP_LIMIT: u64 = 16 << 20;

/// One `--jsonl` line for a bounced recipient: the DESIGN.md "CLI" contract, in its order.
#[derive(Serialize)]
struct RecipientLine<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<usize>,
    recipient: &'a Option<String>,
    status: &'a Option<String>,
    reply_code: Option<u16>,
    reason: Reason,
    hard_bounce: bool,
    action: &'a Option<String>,
    remote_mta: &'a Option<String>,
    diagnostic: &'a Option<String>,
    provider: &'a Option<String>,
    provider_code: &'a Option<String>,
    outbound_ip: &'a Option<String>,
    sending_domain: &'a Option<String>,
    remedy: RemedyKind,
    input_kind: InputKind,
}

/// The `--jsonl` line for an input that is not a bounce.
#[derive(Serialize)]
struct NotABounceLine<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<usize>,
    not_a_bounce: bool,
}

/// One input for the decoder: a whole file, or one message of an mbox.
struct Unit {
    file: Arc<str>,
    /// The 1-based index inside an mbox of two or more messages.
    message: Option<usize>,
    /// The first unit of its file (for the file count).
    first_of_file: bool,
    data: Vec<u8>,
}

/// A decoded unit, ready for output: in `--jsonl` mode its lines are already serialized (by the
/// decoder thread, outside the output lock).
struct Decoded {
    first_of_file: bool,
    recipients: usize,
    output: Output,
}

enum Output {
    Lines(Vec<u8>),
    Report(Box<Report>),
}

/// What reaches the output, numbered in walk order: a decoded batch, or a file that could not
/// be read.
enum Item {
    Decoded(Vec<Decoded>),
    Unreadable(String),
}

/// Batches waiting for a decoder thread: enough to keep every thread busy, few enough to bound
/// memory.
const QUEUE: usize = 8;
/// A batch is handed out when it has this many units or this many bytes, whichever comes
/// first. One hand-off per file made the threads spend more time waking each other than
/// decoding (measured on the corpus).
const BATCH_UNITS: usize = 16;
const BATCH_BYTES: usize = 1 << 20;
/// How many batches the walk may run ahead of the output: when one batch decodes slowly, the
/// results after it wait in memory, and so does the walk beyond this.
const AHEAD: usize = 4 * QUEUE;

type Job = (usize, Vec<Unit>);

pub fn run(paths: &[PathBuf], jsonl: bool) -> ExitCode {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let sink = Sink::new(jsonl);
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(QUEUE);
    // Owned by the decoders only: when they have all gone, the walker's send fails and it stops.
    let job_rx = Arc::new(Mutex::new(job_rx));

    std::thread::scope(|scope| {
        for _ in 0..threads {
            let job_rx = Arc::clone(&job_rx);
            let sink = &sink;
            scope.spawn(move || decode_jobs(&job_rx, sink, jsonl));
        }
        drop(job_rx);
        let mut walker = Walker {
            seq: 0,
            tx: job_tx,
            sink: &sink,
            batch: Vec::new(),
            batch_bytes: 0,
        };
        for root in paths {
            if walker.walk(root).is_err() {
                break;
            }
        }
        let _ = walker.flush();
    });

    let (written, unreadable) = sink.finish();
    match written {
        // `rebound scan … | head`: the reader left, nothing more to say.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rebound: writing results: {e}");
            ExitCode::from(EXIT_ERROR)
        }
        Ok(()) if unreadable > 0 => ExitCode::from(EXIT_ERROR),
        Ok(()) => ExitCode::SUCCESS,
    }
}

/// A decoder thread: take batches until the walk is done or the output has failed.
fn decode_jobs(jobs: &Mutex<Receiver<Job>>, sink: &Sink, jsonl: bool) {
    // A panic here would leave a hole in the output that the walker could wait on forever.
    let _abandon = Abandon(sink);
    while !sink.stopped() {
        let job = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok((seq, units)) = job else { return };
        sink.put(seq, Item::Decoded(decode_batch(units, jsonl)));
    }
}

/// Fails the output when a decoder thread unwinds (the scope then re-raises the panic).
struct Abandon<'a>(&'a Sink);

impl Drop for Abandon<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.fail(io::Error::other("a decoder thread panicked"));
        }
    }
}

fn decode_batch(units: Vec<Unit>, jsonl: bool) -> Vec<Decoded> {
    units
        .into_iter()
        .map(|unit| decode_unit(unit, jsonl))
        .collect()
}

fn decode_unit(unit: Unit, jsonl: bool) -> Decoded {
    let report = rebound::decode(&unit.data);
    let recipients = report.recipients.len();
    let output = if jsonl {
        let mut lines = Vec::with_capacity(512 * recipients.max(1));
        // Writing to a Vec cannot fail, and the Report serializes without error.
        let _ = write_lines(&mut lines, &unit, &report);
        Output::Lines(lines)
    } else {
        Output::Report(Box::new(report))
    };
    Decoded {
        first_of_file: unit.first_of_file,
        recipients,
        output,
    }
}

/// The output, shared by the threads: whoever finishes a batch puts it here, and the batches
/// are printed (or counted) in walk order by whichever thread completes the sequence.
struct Sink {
    state: Mutex<SinkState>,
    /// Signalled when the output moves on while the walker waits for it (see [`AHEAD`]).
    moved: Condvar,
    /// Set when writing failed (the reader left): everyone stops.
    stop: AtomicBool,
    /// `next` of the state, readable without the lock (the walker checks it per batch).
    printed: AtomicUsize,
}

struct SinkState {
    jsonl: bool,
    out: io::BufWriter<io::Stdout>,
    summary: Summary,
    progress: Option<Progress>,
    unreadable: usize,
    /// The next item to print, and the ones that came before their turn.
    next: usize,
    waiting: BTreeMap<usize, Item>,
    /// The walker sleeps on [`Sink::moved`]: wake it when `next` moves.
    walker_waits: bool,
    result: io::Result<()>,
}

impl Sink {
    fn new(jsonl: bool) -> Self {
        Sink {
            state: Mutex::new(SinkState {
                jsonl,
                out: io::BufWriter::with_capacity(64 << 10, io::stdout()),
                summary: Summary::default(),
                progress: io::stderr().is_terminal().then(Progress::new),
                unreadable: 0,
                next: 0,
                waiting: BTreeMap::new(),
                walker_waits: false,
                result: Ok(()),
            }),
            moved: Condvar::new(),
            stop: AtomicBool::new(false),
            printed: AtomicUsize::new(0),
        }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    fn lock(&self) -> MutexGuard<'_, SinkState> {
        // A thread that panicked holding the lock left the state whole (it only appends).
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Item `seq` is ready: print it and any that waited for it.
    fn put(&self, seq: usize, item: Item) {
        let mut guard = self.lock();
        let state = &mut *guard;
        if state.result.is_err() {
            return;
        }
        state.waiting.insert(seq, item);
        let next = state.next;
        while let Some(item) = state.waiting.remove(&state.next) {
            state.next += 1;
            if let Err(e) = state.show(item) {
                self.stop_with(state, e);
                return;
            }
        }
        self.printed.store(state.next, Ordering::Release);
        if state.walker_waits && state.next != next {
            state.walker_waits = false;
            self.moved.notify_one();
        }
    }

    /// Stop everything: the output cannot go on.
    fn fail(&self, error: io::Error) {
        self.stop_with(&mut self.lock(), error);
    }

    fn stop_with(&self, state: &mut SinkState, error: io::Error) {
        if state.result.is_ok() {
            state.result = Err(error);
        }
        state.waiting.clear();
        self.stop.store(true, Ordering::Relaxed);
        self.moved.notify_one();
    }

    /// Wait until item `seq` is less than [`AHEAD`] items past the output (or the output
    /// failed).
    fn wait_for_room(&self, seq: usize) {
        if seq < self.printed.load(Ordering::Acquire) + AHEAD {
            return;
        }
        let mut state = self.lock();
        while seq >= state.next + AHEAD && state.result.is_ok() {
            state.walker_waits = true;
            state = self
                .moved
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Flush the output or print the summary. Returns the output result and the number of
    /// unreadable files.
    fn finish(self) -> (io::Result<()>, usize) {
        let mut state = self
            .state
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(p) = &mut state.progress {
            p.clear();
        }
        let unreadable = state.unreadable;
        let result = match state.result {
            Err(e) => Err(e),
            Ok(()) if state.jsonl => state.out.flush(),
            Ok(()) => {
                state.summary.unreadable = unreadable;
                let mut out = anstream::stdout().lock();
                human::write_summary(&mut out, &state.summary).and_then(|()| out.flush())
            }
        };
        (result, unreadable)
    }
}

impl SinkState {
    fn show(&mut self, item: Item) -> io::Result<()> {
        match item {
            Item::Decoded(units) => {
                for d in units {
                    if let Some(p) = &mut self.progress {
                        p.files += usize::from(d.first_of_file);
                        p.messages += 1;
                        p.recipients += d.recipients;
                        p.tick();
                    }
                    match d.output {
                        Output::Lines(lines) => self.out.write_all(&lines)?,
                        Output::Report(report) => {
                            self.summary.add(&report);
                            self.summary.files += usize::from(d.first_of_file);
                        }
                    }
                }
            }
            Item::Unreadable(message) => {
                if let Some(p) = &mut self.progress {
                    p.clear();
                }
                eprintln!("rebound: {message} (skipped)");
                self.unreadable += 1;
            }
        }
        Ok(())
    }
}

/// The `--jsonl` lines of one decoded unit.
fn write_lines(out: &mut Vec<u8>, unit: &Unit, report: &Report) -> io::Result<()> {
    let (file, message) = (&*unit.file, unit.message);
    if !report.is_bounce {
        let line = NotABounceLine {
            file,
            message,
            not_a_bounce: true,
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.push(b'\n');
        return Ok(());
    }
    for r in &report.recipients {
        serde_json::to_writer(&mut *out, &recipient_line(file, message, report, r))?;
        out.push(b'\n');
    }
    Ok(())
}

/// Walks the paths and reads the files, in name order, handing out numbered batches of units.
struct Walker<'a> {
    seq: usize,
    tx: SyncSender<Job>,
    sink: &'a Sink,
    /// Units read but not yet handed out, and their size.
    batch: Vec<Unit>,
    batch_bytes: usize,
}

/// The output failed (the reader left): stop walking.
struct Stopped;

impl Walker<'_> {
    /// The next item number, once the output is near enough (bounded memory).
    fn claim(&mut self) -> Result<usize, Stopped> {
        if self.sink.stopped() {
            return Err(Stopped);
        }
        self.sink.wait_for_room(self.seq);
        self.seq += 1;
        Ok(self.seq - 1)
    }

    /// Hand out the units read so far.
    fn flush(&mut self) -> Result<(), Stopped> {
        if self.batch.is_empty() {
            return Ok(());
        }
        self.batch_bytes = 0;
        let batch = std::mem::take(&mut self.batch);
        let seq = self.claim()?;
        self.tx.send((seq, batch)).map_err(|_| Stopped)
    }

    fn unit(
        &mut self,
        file: &Arc<str>,
        message: Option<usize>,
        data: Vec<u8>,
    ) -> Result<(), Stopped> {
        let first_of_file = message.is_none_or(|n| n == 1);
        self.batch_bytes += data.len();
        self.batch.push(Unit {
            file: Arc::clone(file),
            message,
            first_of_file,
            data,
        });
        if self.batch.len() >= BATCH_UNITS || self.batch_bytes >= BATCH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    fn unreadable(&mut self, path: &str, error: &str) -> Result<(), Stopped> {
        self.flush()?;
        let seq = self.claim()?;
        self.sink
            .put(seq, Item::Unreadable(format!("{path}: {error}")));
        Ok(())
    }

    /// Walk one PATH. Read errors become `Unreadable` items; only a closed output stops it.
    fn walk(&mut self, root: &Path) -> Result<(), Stopped> {
        let mut maildirs: Vec<PathBuf> = Vec::new();
        let mut entries = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by(by_file_name)
            .into_iter();
        while let Some(entry) = entries.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| root.display().to_string());
                    let msg = e
                        .io_error()
                        .map(ToString::to_string)
                        .unwrap_or_else(|| e.to_string());
                    self.unreadable(&path, &msg)?;
                    continue;
                }
            };
            let path = entry.path();
            // (Taking the path apart costs more than the rest of the walk: only with a Maildir.)
            let parent_is_maildir = !maildirs.is_empty()
                && path
                    .parent()
                    .is_some_and(|p| maildirs.iter().any(|m| m == p));
            if entry.file_type().is_dir() {
                if parent_is_maildir && entry.file_name() == "tmp" {
                    entries.skip_current_dir();
                } else if is_maildir(path) {
                    maildirs.push(path.to_path_buf());
                }
                continue;
            }
            // Files beside cur/ and new/ are the mail server's indexes, not mail; dotfiles in
            // cur/ and new/ are not messages either (Maildir spec).
            if parent_is_maildir
                || !entry.file_type().is_file()
                || is_maildir_dotfile(path, &maildirs)
            {
                continue;
            }
            self.file(path)?;
        }
        Ok(())
    }

    fn file(&mut self, path: &Path) -> Result<(), Stopped> {
        // As `path.display()` shows it, without the formatting machinery.
        let name: Arc<str> = path.to_string_lossy().into();
        let mut file = match File::open(path) {
            Ok(f) => f,
            Err(e) => return self.unreadable(&name, &e.to_string()),
        };
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let read = if size <= SLURP_LIMIT {
            // Room for the whole file and the read that sees its end. Through `Take`, the reads
            // go straight into it (a few growing ones above 8 KiB): `File::read_to_end` would
            // ask the file for its size and position again (two more system calls per file).
            let mut data = Vec::with_capacity(size as usize + 1);
            match (&mut file).take(u64::MAX).read_to_end(&mut data) {
                Ok(_)
                    if (may_be_mbox(path, &data) && has_second_message(&data))
                        || (data.starts_with(b"From ") && has_second_envelope(&data)) =>
                {
                    self.mbox(&name, &data[..])
                }
                Ok(_) => return self.unit(&name, None, data),
                Err(e) => Ok(Err(e)),
            }
        } else {
            let mut reader = BufReader::with_capacity(256 << 10, file);
            match reader.fill_buf() {
                Ok(head) if may_be_mbox(path, head) => self.mbox(&name, reader),
                Ok(_) => {
                    let mut data = Vec::with_capacity(size as usize + 1);
                    match reader.read_to_end(&mut data) {
                        Ok(_) => return self.unit(&name, None, data),
                        Err(e) => Ok(Err(e)),
                    }
                }
                Err(e) => Ok(Err(e)),
            }
        };
        match read? {
            Ok(()) => Ok(()),
            Err(e) => self.unreadable(&name, &e.to_string()),
        }
    }

    /// Hand out each message of an mbox. The inner result is for read errors. A streamed file
    /// that turns out to hold one message gets no index.
    fn mbox(&mut self, name: &Arc<str>, reader: impl BufRead) -> Result<io::Result<()>, Stopped> {
        let mut messages = MessageIterator::new(reader);
        let first = match messages.next() {
            Some(Ok(m)) => m,
            Some(Err(e)) => return Ok(Err(e)),
            None => return self.unit(name, None, Vec::new()).map(Ok),
        };
        let Some(second) = messages.next() else {
            return self.unit(name, None, first.unwrap_contents()).map(Ok);
        };
        self.unit(name, Some(1), first.unwrap_contents())?;
        for (i, message) in std::iter::once(second).chain(messages).enumerate() {
            match message {
                Ok(m) => self.unit(name, Some(i + 2), m.unwrap_contents())?,
                Err(e) => return Ok(Err(e)),
            }
        }
        Ok(Ok(()))
    }
}

/// Sibling entries in file-name order, as `WalkDir::sort_by_file_name` sorts them, without taking
/// each path apart again per comparison: walkdir only compares siblings, and their paths are
/// the same directory path joined with a name (which holds no `/`), so the whole paths compare
/// as the names do.
fn by_file_name(a: &walkdir::DirEntry, b: &walkdir::DirEntry) -> std::cmp::Ordering {
    a.path().as_os_str().cmp(b.path().as_os_str())
}

fn recipient_line<'a>(
    file: &'a str,
    message: Option<usize>,
    report: &Report,
    r: &'a Recipient,
) -> RecipientLine<'a> {
    RecipientLine {
        file,
        message,
        recipient: &r.recipient,
        status: &r.status,
        reply_code: r.reply_code,
        reason: r.reason,
        hard_bounce: r.hard_bounce,
        action: &r.action,
        remote_mta: &r.remote_mta,
        diagnostic: &r.diagnostic,
        provider: &r.provider,
        provider_code: &r.provider_code,
        outbound_ip: &r.outbound_ip,
        sending_domain: &r.sending_domain,
        remedy: r.remedy,
        input_kind: report.input_kind,
    }
}

/// A Maildir has `cur/` and `new/` (and `tmp/`, which an empty backup may lack).
fn is_maildir(dir: &Path) -> bool {
    dir.join("cur").is_dir() && dir.join("new").is_dir()
}

fn is_maildir_dotfile(path: &Path, maildirs: &[PathBuf]) -> bool {
    let dotfile = || {
        path.file_name()
            .is_some_and(|n| n.as_encoded_bytes().starts_with(b"."))
    };
    let in_maildir = || {
        path.parent()
            .filter(|d| d.file_name().is_some_and(|n| n == "cur" || n == "new"))
            .and_then(Path::parent)
            .is_some_and(|m| maildirs.iter().any(|d| d == m))
    };
    !maildirs.is_empty() && dotfile() && in_maildir()
}

/// Could this file be an mbox? It starts with a `From ` line and is not named `.eml` (saved
/// messages often keep their envelope `From ` line and may quote a bounced message's own).
fn may_be_mbox(path: &Path, head: &[u8]) -> bool {
    head.starts_with(b"From ")
        && !path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("eml"))
}

/// A second mbox separator: a `From ` line after an empty line, as mbox writers put it.
fn has_second_message(data: &[u8]) -> bool {
    data.windows(7).any(|w| w == b"\n\nFrom ") || data.windows(9).any(|w| w == b"\r\n\r\nFrom ")
}

/// A second message in a file named `.eml` (mbox excerpts saved under that name): a closed
/// multipart, an empty line, then an mbox envelope line `From SENDER Www Mmm …` and a header
/// field — stricter than [`has_second_message`], as a bounce may quote the returned message's
/// own envelope line.
fn has_second_envelope(data: &[u8]) -> bool {
    const DAYS: [&[u8]; 7] = [
        b"Mon ", b"Tue ", b"Wed ", b"Thu ", b"Fri ", b"Sat ", b"Sun ",
    ];
    let mut rest = data;
    while let Some(at) = memchr::memmem::find(rest, b"\nFrom ") {
        let line_start = at + 1;
        // After an empty line (LF or CRLF).
        if !(rest[..at].ends_with(b"\n") || rest[..at].ends_with(b"\n\r")) {
            rest = &rest[line_start..];
            continue;
        }
        let line_end =
            memchr::memchr(b'\n', &rest[line_start..]).map_or(rest.len(), |e| line_start + e);
        let line = rest[line_start..line_end]
            .strip_suffix(b"\r")
            .unwrap_or(&rest[line_start..line_end]);
        // "From " SENDER, then spaces, then the weekday of the date.
        let after_sender = line[5..]
            .iter()
            .position(|&b| b == b' ')
            .map(|p| &line[5 + p..]);
        let dated = after_sender.is_some_and(|t| {
            let t = &t[t.iter().position(|&b| b != b' ').unwrap_or(t.len())..];
            DAYS.iter().any(|d| t.starts_with(d))
        });
        let next = &rest[(line_end + 1).min(rest.len())..];
        let field = next
            .iter()
            .take_while(|&&b| b != b'\n')
            .position(|&b| b == b':')
            .is_some_and(|p| p > 0 && next[..p].iter().all(|b| b.is_ascii_graphic()));
        // …and the message before it has ended: its last line closes a multipart
        // ("--BOUNDARY--"). A bounce that quotes the returned message's envelope line has not.
        let before = rest[..at].trim_ascii_end();
        let last = &before[before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)..];
        let closed = last.len() > 4 && last.starts_with(b"--") && last.ends_with(b"--");
        if dated && field && closed {
            return true;
        }
        rest = &rest[line_start..];
    }
    false
}

/// The one-line progress on stderr, only when stderr is a terminal, at most 10 times a second.
struct Progress {
    files: usize,
    messages: usize,
    recipients: usize,
    last: Instant,
    shown: bool,
}

impl Progress {
    fn new() -> Self {
        Progress {
            files: 0,
            messages: 0,
            recipients: 0,
            last: Instant::now(),
            shown: false,
        }
    }

    fn tick(&mut self) {
        if self.last.elapsed() < Duration::from_millis(100) {
            return;
        }
        self.last = Instant::now();
        self.shown = true;
        let mut err = io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[Kscanning: {} files, {} messages, {} bounced recipients",
            self.files, self.messages, self.recipients
        );
        let _ = err.flush();
    }

    fn clear(&mut self) {
        if self.shown {
            let _ = write!(io::stderr().lock(), "\r\x1b[K");
            self.shown = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk order is `sort_by_file_name`'s, also for names that share a prefix, sort
    /// before or after `/`, or are not ASCII.
    #[test]
    fn by_file_name_walks_as_sort_by_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "a", "a b", "a-b", "a.b", "a0", "aa", "B", "b", "ä", "z", "~", "-", "0", "a.eml",
        ];
        for (i, name) in names.iter().enumerate() {
            std::fs::write(dir.path().join(name), b"x").unwrap();
            let sub = dir.path().join(format!("{name}~d{i}"));
            std::fs::create_dir(&sub).unwrap();
            for inner in ["b", "a", "a.b", "a-"] {
                std::fs::write(sub.join(inner), b"x").unwrap();
            }
        }
        for root in [dir.path().to_path_buf(), dir.path().join("")] {
            let walk = |w: walkdir::WalkDir| -> Vec<PathBuf> {
                w.into_iter().map(|e| e.unwrap().into_path()).collect()
            };
            let want = walk(walkdir::WalkDir::new(&root).sort_by_file_name());
            let got = walk(walkdir::WalkDir::new(&root).sort_by(by_file_name));
            assert_eq!(got, want);
            assert_eq!(got.len(), 1 + names.len() * 6);
        }
    }

    /// File names print as `Path::display` shows them, also when they are not UTF-8.
    #[cfg(unix)]
    #[test]
    fn file_names_print_as_display_shows_them() {
        use std::os::unix::ffi::OsStrExt;
        let names: [&[u8]; 6] = [
            b"a.eml",
            b"\xff\xfe.eml",
            b"caf\xc3\xa9",
            b"x\xe2\x82",
            b"",
            b"/d/\x80/f",
        ];
        for name in names {
            let path = Path::new(std::ffi::OsStr::from_bytes(name));
            assert_eq!(path.to_string_lossy(), path.display().to_string());
        }
    }
}
