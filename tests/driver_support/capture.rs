//! A `tracing` subscriber for the dialect crates' driver tests (each includes this file
//! with `#[path]`): it keeps the fields of the `sqlweave::sql` events that the calling
//! thread emits while [`Capture::run`] runs.
//!
//! It is installed once as the global default and always interested, and routes events
//! through a thread-local sink. A scoped subscriber (`with_default`) is not enough here:
//! a callsite first met by another test thread, while no subscriber was in scope, can keep
//! a cached "never" interest, and the events of the test that captures go missing.

use std::cell::RefCell;
use std::fmt::Debug;
use std::sync::{Arc, Mutex, Once};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Metadata, Subscriber, span};

/// Each event's fields, by name.
pub type Events = Vec<Vec<(String, String)>>;

type Sink = Arc<Mutex<Events>>;

thread_local! {
    static SINK: RefCell<Option<Sink>> = const { RefCell::new(None) };
}

struct Fields(Vec<(String, String)>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push((field.name().into(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().into(), value.into()));
    }
}

struct Global;

impl Subscriber for Global {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &span::Attributes<'_>) -> span::Id {
        span::Id::from_u64(1)
    }
    fn record(&self, _: &span::Id, _: &span::Record<'_>) {}
    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}
    fn event(&self, event: &Event<'_>) {
        let meta = event.metadata();
        if meta.target() != "sqlweave::sql" {
            return;
        }
        SINK.with(|sink| {
            if let Some(sink) = &*sink.borrow() {
                assert_eq!(*meta.level(), Level::DEBUG);
                let mut fields = Fields(Vec::new());
                event.record(&mut fields);
                sink.lock().unwrap().push(fields.0);
            }
        });
    }
    fn enter(&self, _: &span::Id) {}
    fn exit(&self, _: &span::Id) {}
}

/// Captures `sqlweave::sql` events.
pub struct Capture;

impl Capture {
    /// Runs `f`, then returns the fields of the events this thread emitted meanwhile.
    pub fn run(f: impl FnOnce()) -> Events {
        static INSTALL: Once = Once::new();
        INSTALL.call_once(|| {
            tracing::subscriber::set_global_default(Global)
                .expect("no other global tracing subscriber in the driver tests");
        });
        let sink = Sink::default();
        SINK.with(|s| *s.borrow_mut() = Some(sink.clone()));
        f();
        SINK.with(|s| *s.borrow_mut() = None);
        sink.lock().unwrap().clone()
    }
}

/// The value of `name` in an event.
pub fn field<'a>(event: &'a [(String, String)], name: &str) -> &'a str {
    event
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no field {name} in {event:?}"))
}
