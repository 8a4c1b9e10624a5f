lockdown();
print(typeof Date.now(), typeof Math.random(), typeof new Date().getTime());
