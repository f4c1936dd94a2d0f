import { isKnownField } from "./field-vocabulary.ts";
import { applyRule } from "../identify/identify.ts";
import type { Catalogue } from "./index.ts";
import { whyAffected } from "../classify/vulnerabilities.ts";
import { signalMatches } from "../classify/exposure.ts";

export interface SelfTestFailure {
  rule: string;
  example: string;
  problem: string;
}

/**
 * Check every fingerprint example: it matches its rule, yields what it says, and no earlier rule on the
 * same field matches it first (a shadowed rule is dead data). Also every vendor a rule names exists, every platform
 * signal's examples match, no counter-example matches, and (given the vocabulary) every field a rule reads is one something emits.
 */
export function selfTest(catalogue: Catalogue, knownFields?: ReadonlySet<string>): SelfTestFailure[] {
  const failures: SelfTestFailure[] = [];
  const ids = new Set<string>();
  // A rule on a field that no probe or endpoint emits can never fire.
  if (knownFields) {
    for (const r of [...catalogue.rules, ...catalogue.platformRules]) {
      for (const f of r.fields) if (!isKnownField(knownFields, f)) failures.push({ rule: r.rule.id, example: "", problem: `field "${f}" is emitted by no probe or endpoint` });
    }
  }
  for (const r of [...catalogue.rules, ...catalogue.platformRules]) {
    for (const ex of r.rule.counterExamples ?? []) if (applyRule(r, ex.value)) failures.push({ rule: r.rule.id, example: ex.value, problem: "matches a counter-example (another maker's device)" });
  }
  for (const r of catalogue.platformRules) {
    if (ids.has(r.rule.id)) failures.push({ rule: r.rule.id, example: "", problem: "duplicate signal id" });
    ids.add(r.rule.id);
    for (const ex of r.rule.examples) if (!applyRule(r, ex.value)) failures.push({ rule: r.rule.id, example: ex.value, problem: "example does not match the pattern" });
  }
  catalogue.rules.forEach((r, i) => {
    if (ids.has(r.rule.id)) failures.push({ rule: r.rule.id, example: "", problem: "duplicate rule id" });
    ids.add(r.rule.id);
    const v = r.rule.yields.vendor;
    if (v && !v.startsWith("@") && !catalogue.vendor(v)) failures.push({ rule: r.rule.id, example: "", problem: `names unknown vendor "${v}"` });
    for (const ex of r.rule.examples) {
      const got = applyRule(r, ex.value);
      if (!got) {
        failures.push({ rule: r.rule.id, example: ex.value, problem: "example does not match the pattern" });
        continue;
      }
      for (const [k, want] of Object.entries(ex.expect ?? {})) {
        const have = got[k as keyof typeof got];
        if (have !== want) failures.push({ rule: r.rule.id, example: ex.value, problem: `yields ${k}=${JSON.stringify(have)}, expected ${JSON.stringify(want)}` });
      }
      const earlier = catalogue.rules.slice(0, i).find((e) => e.fields.some((f) => r.fields.includes(f)) && applyRule(e, ex.value));
      if (earlier) failures.push({ rule: r.rule.id, example: ex.value, problem: `caught first by earlier rule "${earlier.rule.id}"` });
    }
  });
  // Every vulnerability's real examples fall on the side of its ranges they say they do.
  for (const v of catalogue.data.vulnerabilities) {
    if (ids.has(v.id)) failures.push({ rule: v.id, example: "", problem: "duplicate vulnerability id" });
    ids.add(v.id);
    for (const ex of v.examples) {
      const affected = whyAffected(v, ex.model, [{ field: "example", value: ex.firmware }]) !== undefined;
      if (affected !== ex.affected) failures.push({ rule: v.id, example: `${ex.model ?? ""} ${ex.firmware}`.trim(), problem: ex.affected ? "example is affected but no range matches it" : "example is not affected but a range matches it" });
    }
  }
  for (const x of catalogue.data.exposureSignals) {
    for (const ex of x.examples) {
      if (signalMatches(x, ex.value) !== ex.exposed) failures.push({ rule: `exposure:${x.kind}`, example: ex.value, problem: ex.exposed ? "example shows the exposure but the pattern misses it" : "example shows no exposure but the pattern matches it" });
    }
  }
  return failures;
}
