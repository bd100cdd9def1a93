import { describeObject } from '../model/assume';
import { ProfileEvidence } from '../model/stack';
import { finding, Finding, Rule, RuleContext } from './rule';

/**
 * The sign that stands for the chosen profile in a message: a GatewayClass or Gateway class
 * first (the strongest sign), else the first sign seen.
 */
function anchorOf(signs: readonly ProfileEvidence[]): ProfileEvidence | undefined {
  signs = signs.filter((e) => !e.detectionOnly).length ? signs.filter((e) => !e.detectionOnly) : signs;
  return signs.find((e) => e.field === 'metadata.name' || e.field === 'spec.gatewayClassName') ?? signs[0];
}

/**
 * One finding per object that shows a profile other than the chosen one (its first such
 * sign), naming the pair: the object and the sign of the chosen profile, or the flag.
 */
export function* mixedProfileFindings(ctx: RuleContext): Iterable<Finding> {
  const { profile, chosenBy, evidence } = ctx.stack;
  const anchor = anchorOf(evidence.filter((e) => e.profile === profile));
  const reported = new Set<any>();
  for (const e of evidence) {
    if (e.profile === profile || e.detectionOnly || reported.has(e.object) || ctx.rejected(e.object)) continue;
    reported.add(e.object);
    const mine = `has ${e.reason} (${e.profile})`;
    if (chosenBy === 'flag') {
      yield finding(e.object, e.field, `${mine} but --profile ${profile} was given${anchor ? ` (as ${describeObject(anchor.object)} with ${anchor.reason} shows)` : ''}`,
        `use the ${profile} equivalent of this object, or verify with --profile ${e.profile} if the whole set is ${e.profile}`);
    } else if (anchor) {
      yield finding(e.object, e.field, `${mine} but ${describeObject(anchor.object)} has ${anchor.reason} (${profile}): one set cannot mix the two profiles`,
        `replace this object with its ${profile} equivalent, or move the set to ${e.profile} as a whole`, undefined, [anchor.object]);
    }
  }
}

/** Objects of one stack profile only. */
export const PROFILE_RULES: Rule[] = [
  {
    id: 'profile-consistent',
    summary: 'Every object belongs to the one stack profile of the set (--profile, else the profile most objects show): GatewayClass, endpoint picker image and config, API groups.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['*'],
    remediation: 'Use the objects of one profile throughout (e.g. class agentgateway with the llm-d-router picker), or choose the profile the objects are written for with --profile.',
    rationale: 'The two stacks install different controllers and CRDs: a Gateway of one profile\'s class is never programmed by the other\'s agentgateway, and a picker reads only its own config group and objectives; a mixed set fails silently at run time.',
    // A field a specific rule already refused (a Gateway's class under --profile, a picker image)
    // keeps that rule's message alone.
    defersToEarlierErrors: true,
    check: mixedProfileFindings,
  },
];
