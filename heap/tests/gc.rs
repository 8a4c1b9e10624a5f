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
    heap.push_property(
        o,
        Property {
            key,
            value,
            setter: Value::Undefined,
            flags: amber_heap::attrs::DEFAULT,
        },
    );
}

fn get(heap: &mut Heap, o: Handle<Object>, name: &str) -> Value {
    let key = PropertyKey::String(heap.intern_str(name));
    let pos = heap.find_property(o, key).expect("property");
    heap.property_at(o, pos).value
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
        match loaded.property_at(o, 0).key {
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

/// Objects that get the same properties in the same order share one shape; the shape and its
/// transitions survive a collection (transitions are weak and rebuilt), so an object built
/// after it joins the same shape instead of making a new one.
#[test]
fn shapes_are_shared_and_transitions_survive_collection() {
    let mut heap = Heap::new();
    let a = object(&mut heap, None);
    let b = object(&mut heap, None);
    for o in [a, b] {
        set(&mut heap, o, "x", Value::Number(1.0));
        set(&mut heap, o, "y", Value::Number(2.0));
    }
    let shape_of = |heap: &Heap, o: Handle<Object>| heap.get(o).properties.shape().unwrap();
    assert!(shape_of(&heap, a).is_some());
    assert_eq!(shape_of(&heap, a), shape_of(&heap, b));
    let shapes_before = heap.arenas.shapes.len();
    let mut roots = Roots(vec![Value::Object(a)]);
    heap.collect(&mut roots);
    let a = roots.0[0].as_object().unwrap();
    let c = object(&mut heap, None);
    set(&mut heap, c, "x", Value::Number(3.0));
    set(&mut heap, c, "y", Value::Number(4.0));
    assert_eq!(shape_of(&heap, a), shape_of(&heap, c));
    assert!(heap.arenas.shapes.len() <= shapes_before);
    assert_eq!(get(&mut heap, c, "y"), Value::Number(4.0));
    // Deleting turns an object into a dictionary, which keeps the remaining properties.
    let x = PropertyKey::String(heap_key(&mut heap, "x"));
    let pos = heap.find_property(c, x).unwrap();
    heap.remove_property(c, pos);
    assert!(heap.get(c).properties.is_dictionary());
    assert_eq!(get(&mut heap, c, "y"), Value::Number(4.0));
    assert_eq!(heap.verify_shapes(), Ok(()));
}

fn heap_key(heap: &mut Heap, name: &str) -> amber_heap::Handle<amber_heap::JsString> {
    heap.intern_str(name)
}
