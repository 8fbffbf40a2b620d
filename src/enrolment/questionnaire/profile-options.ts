import { slugify } from '../../programs/relay-address';
import { normalise, containsPhrase, listItems } from './text-match';

/** One entry of a questionnaire list: the key stored, the label shown, and words that mean it. */
export interface ProfileOption {
  key: string;
  label: string;
  synonyms: string[];
}

export interface ProfileOptions {
  topics: ProfileOption[];
  goals: ProfileOption[];
  industries: ProfileOption[];
}

const opt = (key: string, label: string, ...synonyms: string[]): ProfileOption => ({ key, label, synonyms });

/** The shipped lists; a programme's `profile_options` replaces any of them. */
export const DEFAULT_PROFILE_OPTIONS: ProfileOptions = {
  topics: [
    opt('career-planning', 'Career planning', 'career', 'career path', 'career advice', 'career development'),
    opt(
      'job-search',
      'CVs, interviews and job search',
      'cv',
      'resume',
      'résumé',
      'interview',
      'job search',
      'job application',
      'cover letter',
      'applying for jobs',
    ),
    opt(
      'software',
      'Software and coding',
      'coding',
      'programming',
      'code',
      'software engineering',
      'developer',
      'web development',
      'javascript',
      'python',
      'tech',
    ),
    opt(
      'data',
      'Data and analytics',
      'data science',
      'analytics',
      'statistics',
      'machine learning',
      'ai',
      'artificial intelligence',
    ),
    opt('design', 'Design', 'ux', 'ui', 'graphic design', 'product design', 'user experience'),
    opt(
      'leadership',
      'Leadership and management',
      'management',
      'managing people',
      'leading teams',
      'manager',
      'leader',
    ),
    opt(
      'entrepreneurship',
      'Entrepreneurship',
      'startup',
      'start up',
      'founder',
      'starting a business',
      'small business',
      'own business',
    ),
    opt(
      'communication',
      'Public speaking and communication',
      'public speaking',
      'presenting',
      'presentation',
      'communication',
      'speaking',
    ),
    opt('networking', 'Networking', 'network', 'making contacts', 'linkedin'),
    opt('finance', 'Money and finance', 'money', 'budgeting', 'personal finance', 'investing', 'accounting'),
    opt('research', 'Research and academia', 'academia', 'phd', 'research', 'university career'),
    opt('writing', 'Writing', 'blogging', 'copywriting'),
    opt('health', 'Health and care professions', 'healthcare', 'nursing', 'medicine', 'care work'),
    opt('marketing', 'Marketing and sales', 'sales', 'branding', 'social media'),
    opt(
      'wellbeing',
      'Confidence and wellbeing',
      'confidence',
      'wellbeing',
      'well being',
      'stress',
      'work life balance',
      'imposter syndrome',
      'impostor syndrome',
    ),
  ],
  goals: [
    opt(
      'first-job',
      'Find a first job or internship',
      'first job',
      'internship',
      'get a job',
      'find a job',
      'get hired',
      'job',
    ),
    opt(
      'change-career',
      'Change career',
      'career change',
      'change careers',
      'switch career',
      'new field',
      'change field',
    ),
    opt('learn-skills', 'Learn new skills', 'skill', 'learn', 'upskill', 'new skill'),
    opt('confidence', 'Build confidence', 'confident', 'self confidence', 'self esteem'),
    opt(
      'progress',
      'Progress at work',
      'promotion',
      'get promoted',
      'advance',
      'grow at work',
      'pay rise',
      'raise',
    ),
    opt('start-business', 'Start a business', 'startup', 'own business', 'start up', 'found a company'),
    opt(
      'study-choices',
      'Choose studies or training',
      'university',
      'college',
      'degree',
      'course',
      'studies',
      'apprenticeship',
      'training',
    ),
    opt('network', 'Grow my network', 'networking', 'contacts', 'meet people'),
    opt(
      'give-back',
      'Share my experience (mentors)',
      'give back',
      'help others',
      'share experience',
      'share my experience',
      'pay it forward',
      'support someone',
    ),
  ],
  industries: [
    opt('technology', 'Technology', 'tech', 'software', 'it', 'information technology'),
    opt('healthcare', 'Health and care', 'health', 'hospital', 'nhs', 'nursing', 'medicine', 'care'),
    opt('education', 'Education', 'teaching', 'school', 'university', 'academia'),
    opt('finance', 'Finance and banking', 'banking', 'bank', 'insurance', 'accounting', 'fintech'),
    opt('public-sector', 'Public sector', 'government', 'civil service', 'council', 'public service'),
    opt('nonprofit', 'Charity and non-profit', 'charity', 'non profit', 'ngo', 'voluntary sector'),
    opt('creative', 'Creative industries', 'art', 'arts', 'media', 'film', 'music', 'design', 'publishing'),
    opt('engineering', 'Engineering and manufacturing', 'manufacturing', 'construction', 'engineer'),
    opt('retail', 'Retail and hospitality', 'hospitality', 'shop', 'restaurant', 'hotel', 'tourism'),
    opt('law', 'Law', 'legal', 'lawyer', 'solicitor'),
    opt('science', 'Science and research', 'research', 'lab', 'biotech', 'pharma', 'pharmaceutical'),
  ],
};

function asOptions(value: unknown): ProfileOption[] | null {
  if (!Array.isArray(value)) return null;
  const options = value.flatMap((v): ProfileOption[] => {
    if (typeof v === 'string' && v.trim()) return [opt(slugify(v), v.trim())];
    if (v && typeof v === 'object' && typeof (v as ProfileOption).key === 'string') {
      const o = v as Partial<ProfileOption>;
      const synonyms = Array.isArray(o.synonyms) ? o.synonyms.filter((s) => typeof s === 'string') : [];
      return [opt(o.key!, typeof o.label === 'string' ? o.label : o.key!, ...synonyms)];
    }
    return [];
  });
  return options.length ? options : null;
}

/** The programme's lists over the shipped defaults (`profile_options`: `{ topics?, goals?, industries? }`). */
export function profileOptions(custom: Record<string, unknown> | null | undefined): ProfileOptions {
  return {
    topics: asOptions(custom?.topics) ?? DEFAULT_PROFILE_OPTIONS.topics,
    goals: asOptions(custom?.goals) ?? DEFAULT_PROFILE_OPTIONS.goals,
    industries: asOptions(custom?.industries) ?? DEFAULT_PROFILE_OPTIONS.industries,
  };
}

/**
 * The list keys a free-text answer clearly names: an item equal to a key, label or synonym, or
 * containing one as whole words ("I'd love help with my CV" names job-search). Case, accents and
 * plurals do not matter. Items that name nothing are returned apart, to show back to the person.
 */
export function matchOptions(
  text: string,
  options: ProfileOption[],
): { keys: string[]; unmatched: string[] } {
  const keys: string[] = [];
  const unmatched: string[] = [];
  const numbered = options.map((o, i) => ({ o, n: String(i + 1) }));
  for (const item of listItems(text)) {
    const words = normalise(item);
    const hit = numbered.filter(({ o, n }) => {
      if (words === n) return true;
      const names = [o.key.replace(/-/g, ' '), o.label, ...o.synonyms].map(normalise);
      return names.some((name) => words === name || containsPhrase(words, name));
    });
    if (hit.length === 0) unmatched.push(item);
    for (const { o } of hit) if (!keys.includes(o.key)) keys.push(o.key);
  }
  return { keys, unmatched };
}

export function labelOf(options: ProfileOption[], key: string): string {
  return options.find((o) => o.key === key)?.label ?? key;
}
