import * as assert from "node:assert/strict";
import fc from "fast-check";
import { DEFAULT_TIMEOUT_MS, formatDuration, parseDuration } from "../../provider/duration";

describe("parseDuration", () => {
  const valid: [string, number][] = [
    ["30m", 30 * 60_000],
    ["1h30m", 90 * 60_000],
    ["45s", 45_000],
    ["500ms", 500],
    ["2h", 7_200_000],
    ["1.5h", 5_400_000],
    ["1m30s", 90_000],
    ["1h1m1s1ms", 3_661_001],
  ];
  for (const [text, ms] of valid) {
    it(`reads ${text}`, () => assert.equal(parseDuration(text), ms));
  }

  for (const text of ["", "30", "m", "-5m", "0s", "0.0001s", "30 m", "1d", "1H", "5min", "1h 30m", "+5m", ".5h", "1e3s"]) {
    it(`rejects ${JSON.stringify(text)}, saying what is allowed`, () => {
      assert.throws(() => parseDuration(text), /must be a positive duration such as "30m", "1h30m", "45s", "500ms"/);
    });
  }

  it("reads back what it would accept: sums of parts", () => {
    fc.assert(
      fc.property(fc.nat({ max: 99 }), fc.nat({ max: 59 }), fc.nat({ max: 59 }), fc.integer({ min: 1, max: 999 }), (h, m, s, ms) => {
        assert.equal(parseDuration(`${h}h${m}m${s}s${ms}ms`), ((h * 60 + m) * 60 + s) * 1000 + ms);
      }),
    );
  });

  it("defaults to 30 minutes", () => assert.equal(DEFAULT_TIMEOUT_MS, parseDuration("30m")));
});

describe("formatDuration", () => {
  it("writes readable durations", () => {
    assert.equal(formatDuration(12_000), "12 s");
    assert.equal(formatDuration(125_000), "2 min 5 s");
    assert.equal(formatDuration(30 * 60_000), "30 min");
    assert.equal(formatDuration(5_400_000), "1 h 30 min");
    assert.equal(formatDuration(3_605_000), "1 h 5 s");
    assert.equal(formatDuration(500), "500 ms");
  });
});
