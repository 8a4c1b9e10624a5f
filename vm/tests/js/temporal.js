// Temporal (through temporal_rs): Duration, PlainTime, PlainDate, PlainDateTime, Instant, Now.
console.log(Object.prototype.toString.call(Temporal), typeof Temporal.Duration); // expect: [object Temporal] function
const d = new Temporal.Duration(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
console.log(d.toString(), d.years, d.sign, d.blank); // expect: P1Y2M3W4DT5H6M7.00800901S 1 1 false
console.log(Temporal.Duration.from("PT1H30M").total("minutes")); // expect: 90
console.log(Temporal.Duration.from({ hours: 25 }).round({ largestUnit: "day" }).toString()); // expect: P1DT1H
console.log(Temporal.Duration.from({ months: 1 }).total({ unit: "days", relativeTo: "2020-02-01" })); // expect: 29
console.log(Temporal.Duration.from({ days: 40 }).round({ largestUnit: "months", relativeTo: { year: 2021, month: 1, day: 1 } }).toString()); // expect: P1M9D
try { new Temporal.Duration(1, -1); } catch (e) { console.log(e.name); } // expect: RangeError
try { Temporal.Duration(); } catch (e) { console.log(e.name); } // expect: TypeError
// Property bags are read in alphabetical order, each value converted as it is read.
const log = [];
const bag = {};
for (const k of ["years", "days", "hours", "nanoseconds"]) {
  Object.defineProperty(bag, k, { get() { log.push(k); return { valueOf() { log.push(k + ".valueOf"); return 1; } }; } });
}
Temporal.Duration.from(bag);
console.log(log.join()); // expect: days,days.valueOf,hours,hours.valueOf,nanoseconds,nanoseconds.valueOf,years,years.valueOf
const t = new Temporal.PlainTime(13, 45, 10, 1, 2, 3);
console.log(t.toString(), t.add({ minutes: 30 }).toString(), t.round("hour").toString()); // expect: 13:45:10.001002003 14:15:10.001002003 14:00:00
console.log(Temporal.PlainTime.from({ hour: 25 }).toString()); // expect: 23:00:00
try { Temporal.PlainTime.from({ hour: 25 }, { overflow: "reject" }); } catch (e) { console.log(e.name); } // expect: RangeError
const date = Temporal.PlainDate.from("2020-01-31");
console.log(date.add({ months: 1 }).toString(), date.dayOfWeek, date.inLeapYear, date.monthCode); // expect: 2020-02-29 5 true M01
console.log(date.until("2021-03-01", { largestUnit: "months" }).toString()); // expect: P13M1D
console.log(Temporal.PlainDate.from({ year: 2021, monthCode: "M02", day: 30 }).toString()); // expect: 2021-02-28
console.log(date.withCalendar("gregory").toString()); // expect: 2020-01-31[u-ca=gregory]
const dt = new Temporal.PlainDateTime(2020, 1, 1, 12, 30);
console.log(dt.toString(), dt.round({ smallestUnit: "hour" }).toString(), dt.toPlainDate().equals(Temporal.PlainDate.from("2020-01-01"))); // expect: 2020-01-01T12:30:00 2020-01-01T13:00:00 true
const i = new Temporal.Instant(1_000_000_000_000_000_000n);
console.log(i.toString(), i.epochMilliseconds, i.epochNanoseconds); // expect: 2001-09-09T01:46:40Z 1000000000000 1000000000000000000n
console.log(new Date(0).toTemporalInstant().toString(), i.toString({ timeZone: "+01:00" })); // expect: 1970-01-01T00:00:00Z 2001-09-09T02:46:40+01:00
console.log(Temporal.Now.timeZoneId(), Temporal.Now.instant() instanceof Temporal.Instant); // expect: UTC true
try { Temporal.Instant.prototype.valueOf.call(i); } catch (e) { console.log(e.name); } // expect: TypeError
