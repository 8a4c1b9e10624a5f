// The empty program: an image of the intrinsics alone.
