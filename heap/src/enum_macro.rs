//! [`heap_enum!`]: declares an enum whose variants hold at most one payload, and derives
//! [`Trace`](crate::trace::Trace) and [`Persist`](crate::trace::Persist) for it from the same
//! list, so the enum, its tracing and its image encoding cannot drift apart.

/// Declares a heap enum. Each variant is a unit or holds one payload type that is itself
/// `Trace + Persist`. The image tag of a variant is its position in the list.
#[macro_export]
macro_rules! heap_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident $(($payload:ty))? ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug)]
        pub enum $name {
            $( $(#[$vmeta])* $variant $(($payload))? ),*
        }

        impl $crate::trace::Trace for $name {
            fn trace<V: $crate::trace::Visitor + ?Sized>(&mut self, visitor: &mut V) {
                match self {
                    $( $crate::heap_enum!(@pat $name $variant $(x $payload)?) => {
                        $crate::heap_enum!(@trace visitor $(x $payload)?)
                    } )*
                }
            }
        }

        impl $crate::trace::Persist for $name {
            fn write(&self, w: &mut $crate::image::Writer) {
                #[allow(non_camel_case_types, clippy::enum_variant_names)]
                enum Tag { $($variant),* }
                match self {
                    $( $crate::heap_enum!(@pat $name $variant $(x $payload)?) => {
                        $crate::trace::Persist::write(&(Tag::$variant as u8), w);
                        $crate::heap_enum!(@write w $(x $payload)?)
                    } )*
                }
            }
            #[inline]
            fn read(r: &mut $crate::image::Reader) -> Result<Self, $crate::image::ImageError> {
                #[allow(non_camel_case_types, clippy::enum_variant_names)]
                enum Tag { $($variant),* }
                let tag = <u8 as $crate::trace::Persist>::read(r)?;
                $(
                    if tag == Tag::$variant as u8 {
                        return Ok($crate::heap_enum!(@read r $name $variant $($payload)?));
                    }
                )*
                Err(r.error(format!("invalid {} tag {tag}", stringify!($name))))
            }
        }
    };
    (@pat $name:ident $variant:ident) => { $name::$variant };
    (@pat $name:ident $variant:ident $x:ident $payload:ty) => { $name::$variant($x) };
    (@trace $v:ident) => { () };
    (@trace $v:ident $x:ident $payload:ty) => { $crate::trace::Trace::trace($x, $v) };
    (@write $w:ident) => { () };
    (@write $w:ident $x:ident $payload:ty) => { $crate::trace::Persist::write($x, $w) };
    (@read $r:ident $name:ident $variant:ident) => { $name::$variant };
    (@read $r:ident $name:ident $variant:ident $payload:ty) => {
        $name::$variant(<$payload as $crate::trace::Persist>::read($r)?)
    };
}
