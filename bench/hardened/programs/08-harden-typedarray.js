lockdown();
const ta = new Uint8Array(2);
harden(ta); ta[0] = 5;
print(ta[0], Object.isExtensible(ta));
