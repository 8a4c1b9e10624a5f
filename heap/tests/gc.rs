//! The collector moves objects, rewrites every reference, and reclaims garbage; images round
//! trip and reject corruption.

use amber_heap::image::{self, ImageError};
use amber_heap::{
    Handle, Heap, Object, ObjectKind, Property, PropertyKey, RootSet, Trace, Value, Visitor,
};

/// A root set for tests: a list of values.
struct Roots(Vec<Value>);

impl RootSet for Roots {
    fn visit_roots(&mut self, v: &mut dyn Visitor) {
        self.0.trace(v);
    }
}

fn object(heap: &mut Heap, proto: Option<Handle<Object>>) -> Handle<Object> {
    heap.alloc(Object::new(proto, ObjectKind::Ordinary))
}

fn set(heap: &mut Heap, o: Handle<Object>, name: &str, value: Value) {
    let key = PropertyKey::String(heap.intern_str(name));
    heap.get_mut(o).properties.push(Property {
        key,
        value,
        setter: Value::Undefined,
        flags: amber_heap::attrs::DEFAULT,
    });
}

fn get(heap: &mut Heap, o: Handle<Object>, name: &str) -> Value {
    let key = PropertyKey::String(heap.intern_str(name));
    let pos = heap.get_mut(o).properties.find(key).expect("property");
    heap.get(o).properties.entries()[pos].value
}

#[test]
fn live_objects_move_and_keep_their_contents() {
    let mut heap = Heap::new();
    let mut roots = Roots(Vec::new());
    // Interleave garbage with live objects so compaction must slide the live ones down.
    for i in 0..100 {
        let _garbage = object(&mut heap, None);
        let live = object(&mut heap, None);
        set(&mut heap, live, "n", Value::Number(i as f64));
        roots.0.push(Value::Object(live));
    }
    // A cycle between two live objects.
    let (Value::Object(a), Value::Object(b)) = (roots.0[0], roots.0[1]) else {
        unreachable!()
    };
    set(&mut heap, a, "next", Value::Object(b));
    set(&mut heap, b, "next", Value::Object(a));
    let before: Vec<usize> = roots
        .0
        .iter()
        .map(|v| v.as_object().unwrap().index())
        .collect();
    assert_eq!(heap.arenas.objects.len(), 200);

    heap.collect(&mut roots);

    assert_eq!(heap.arenas.objects.len(), 100, "garbage was reclaimed");
    let after: Vec<usize> = roots
        .0
        .iter()
        .map(|v| v.as_object().unwrap().index())
        .collect();
    assert_ne!(before, after, "live objects moved");
    for (i, v) in roots.0.clone().iter().enumerate() {
        let o = v.as_object().unwrap();
        assert_eq!(get(&mut heap, o, "n"), Value::Number(i as f64));
    }
    // The cycle still links the same two objects.
    let (Value::Object(a), Value::Object(b)) = (roots.0[0], roots.0[1]) else {
        unreachable!()
    };
    assert_eq!(get(&mut heap, a, "next"), Value::Object(b));
    assert_eq!(get(&mut heap, b, "next"), Value::Object(a));
    assert!(heap.verify(&mut roots).is_ok());
}

#[test]
fn unreachable_strings_leave_the_intern_table() {
    let mut heap = Heap::new();
    let mut roots = Roots(Vec::new());
    for i in 0..1000 {
        heap.intern_str(&format!("garbage{i}"));
    }
    let kept = heap.intern_str("kept");
    roots.0.push(Value::String(kept));
    heap.collect(&mut roots);
    assert_eq!(heap.arenas.strings.len(), 1);
    let Value::String(kept) = roots.0[0] else {
        unreachable!()
    };
    assert_eq!(
        heap.intern_str("kept"),
        kept,
        "interning finds the moved string"
    );
}

#[cfg(debug_assertions)]
#[test]
#[should_panic(expected = "stale handle")]
fn a_handle_held_across_a_collection_is_caught() {
    let mut heap = Heap::new();
    let mut roots = Roots(Vec::new());
    let o = object(&mut heap, None);
    roots.0.push(Value::Object(o));
    heap.collect(&mut roots);
    // `o` is a Rust local that the collector could not update.
    let _ = heap.get(o);
}

fn sample_heap() -> (Heap, Vec<Value>) {
    let mut heap = Heap::new();
    let proto = object(&mut heap, None);
    let o = object(&mut heap, Some(proto));
    let s = heap.intern_str("héllo \u{1F600}");
    set(&mut heap, o, "greeting", Value::String(s));
    set(&mut heap, o, "self", Value::Object(o));
    set(&mut heap, o, "pi", Value::Number(std::f64::consts::PI));
    (heap, vec![Value::Object(o)])
}

#[test]
fn images_round_trip() {
    let (heap, roots) = sample_heap();
    let bytes = image::dump(&heap, &roots, 42);
    let (mut loaded, roots2): (Heap, Vec<Value>) = image::load(&bytes, 42).expect("loads");
    let o = roots2[0].as_object().unwrap();
    assert_eq!(get(&mut loaded, o, "self"), Value::Object(o));
    assert_eq!(
        get(&mut loaded, o, "pi"),
        Value::Number(std::f64::consts::PI)
    );
    let Value::String(s) = get(&mut loaded, o, "greeting") else {
        panic!("not a string")
    };
    assert_eq!(
        String::from_utf16_lossy(loaded.string_units(s)),
        "héllo \u{1F600}"
    );
    assert_eq!(
        loaded.intern_str("greeting"),
        match loaded.get(o).properties.entries()[0].key {
            PropertyKey::String(k) => k,
            _ => unreachable!(),
        }
    );
    // Writing the loaded heap again gives the same bytes.
    assert_eq!(image::dump(&loaded, &roots2, 42), bytes);
}

#[test]
fn corrupt_images_are_errors_not_panics() {
    let (heap, roots) = sample_heap();
    let bytes = image::dump(&heap, &roots, 42);
    let load = |b: &[u8]| image::load::<Vec<Value>>(b, 42).map(|_| ());
    assert!(load(&bytes).is_ok());
    assert!(load(&bytes[..bytes.len() / 2]).is_err(), "truncated");
    assert!(load(b"not an image at all").is_err(), "bad magic");
    assert!(
        image::load::<Vec<Value>>(&bytes, 43).is_err(),
        "other engine"
    );
    for i in (0..bytes.len()).step_by(7) {
        let mut b = bytes.clone();
        b[i] ^= 0x5a;
        let r: Result<(), ImageError> = load(&b);
        assert!(r.is_err(), "flipped byte {i} was accepted");
    }
}

/// `Persist` of a handle checks it against the arena sizes: a well-formed image with a
/// dangling handle (checksum recomputed) is still rejected.
#[test]
fn dangling_handles_are_rejected_even_with_a_valid_checksum() {
    let (heap, _) = sample_heap();
    let roots = vec![Value::Object(Handle::from_raw(amber_heap::RawHandle::new(
        999,
        heap.epoch(),
    )))];
    let bytes = image::dump(&heap, &roots, 1);
    match image::load::<Vec<Value>>(&bytes, 1) {
        Err(e) => assert!(e.message.contains("out of bounds"), "{e}"),
        Ok(_) => panic!("dangling handle accepted"),
    }
}
