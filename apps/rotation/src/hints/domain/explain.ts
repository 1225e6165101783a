import type { HintFacts, HintLevel, HintReason, TeacherKind } from './hints';

/**
 * What a teacher reads: every hint in plain words, in Chinese and English, from the hint's reason and its
 * facts (the teacher's own, and aggregate headcounts; never another teacher's), and the same fixed sentence on
 * every hint that it is an estimate, not a promise.
 */

export interface Bilingual {
  zh: string;
  en: string;
}

export const ESTIMATE_NOT_PROMISE: Bilingual = {
  zh: '这只是根据当前志愿和空岗所作的估计，不是承诺：最终以县教育局人事股批准的交流方案为准。',
  en: 'This is an estimate from the current preferences and vacancies, not a promise: only the plan the county HR office approves decides who moves where.',
};

export const LEVEL_WORDS: Record<HintLevel, Bilingual> = {
  likely: { zh: '可能性较大', en: 'likely' },
  possible: { zh: '有可能', en: 'possible' },
  unlikely: { zh: '可能性较小', en: 'unlikely' },
};

/** Subjects as staffing names them (staffing.subjects); an unknown code is shown as it is. */
const SUBJECTS: Record<string, Bilingual> = {
  chinese: { zh: '语文', en: 'Chinese' },
  mathematics: { zh: '数学', en: 'mathematics' },
  english: { zh: '英语', en: 'English' },
  physics: { zh: '物理', en: 'physics' },
  chemistry: { zh: '化学', en: 'chemistry' },
  biology: { zh: '生物', en: 'biology' },
  history: { zh: '历史', en: 'history' },
  geography: { zh: '地理', en: 'geography' },
  politics: { zh: '道德与法治', en: 'ethics and law' },
  music: { zh: '音乐', en: 'music' },
  art: { zh: '美术', en: 'art' },
  pe: { zh: '体育', en: 'physical education' },
  it: { zh: '信息科技', en: 'information technology' },
  science: { zh: '科学', en: 'science' },
  psychology: { zh: '心理健康', en: 'mental health' },
  preschool: { zh: '学前教育', en: 'preschool education' },
};

/** "数学教师岗位" / "mathematics teacher posts" */
export function postWords(subject: string | null | undefined, category: string | undefined): Bilingual {
  if (category === 'principal' || category === 'leader') return { zh: '学校领导岗位', en: 'school leadership posts' };
  if (category === 'researcher') return { zh: '教研员岗位', en: 'researcher posts' };
  const s = subject ? (SUBJECTS[subject] ?? { zh: subject, en: subject }) : { zh: '', en: 'teaching' };
  return { zh: `${s.zh}教师岗位`, en: `${s.en} teacher posts` };
}

export interface HintToExplain {
  level: HintLevel;
  reason: HintReason;
  listedRank: number | null;
  suggested: boolean;
  facts: HintFacts;
}

/** "5 of 8": the variations that placed the teacher here (at least 1 when any did). */
function share(f: HintFacts): { k: number; n: number } {
  const n = f.scenarios ?? 0;
  const s = f.scenarioShare ?? 0;
  return { k: s > 0 ? Math.max(1, Math.round(s * n)) : 0, n };
}

export function explainHint(h: HintToExplain): Bilingual {
  const f = h.facts;
  const { k, n } = share(f);
  const post = postWords(f.subject, f.category);
  let out: Bilingual;
  switch (h.reason) {
    case 'placed':
      out =
        n > 0
          ? {
              zh: `按目前的志愿和空岗模拟编排，您会被安排到这所学校；在${n}次略微改变其他人志愿的模拟中，有${k}次结果相同。`,
              en: `The what-if plan, made from the current preferences and vacancies, places you at this school, and ${k} of ${n} re-runs with other people's choices shifted a little agree.`,
            }
          : { zh: '按目前的志愿和空岗模拟编排，您会被安排到这所学校。', en: 'The what-if plan, made from the current preferences and vacancies, places you at this school.' };
      break;
    case 'placed_fragile':
      out = {
        zh: `模拟编排把您安排到这所学校，但在${n}次略微改变其他人志愿的模拟中只有${k}次如此：别人的志愿稍有变化，结果就可能不同。`,
        en: `The what-if plan places you at this school, but only ${k} of ${n} re-runs with other people's choices shifted a little agree: a small change could alter it.`,
      };
      break;
    case 'placed_unsettled':
      out = {
        zh: '模拟编排把您安排到这所学校，但全县方案目前还不能满足所有规则，需要人事股先作决定，结果可能改变。',
        en: "The what-if plan places you at this school, but the county's plan cannot yet meet every rule; the HR office has to decide on that first, so this may change.",
      };
      break;
    case 'alternative':
      out = {
        zh: `模拟编排没有把您安排到这所学校，但在${n}次略微改变其他人志愿的模拟中，有${k}次安排到这里。`,
        en: `The what-if plan does not place you at this school, but ${k} of ${n} re-runs with other people's choices shifted a little do.`,
      };
      break;
    case 'near_tie':
      out = {
        zh: '模拟编排没有把您安排到这所学校，但差距很小：志愿排序稍有变化（约一个名次）就可能安排到这里。',
        en: 'The what-if plan does not place you at this school, but it comes very close: a small change (about one place in a ranking) could.',
      };
      break;
    case 'worth_listing':
      out = {
        zh: `该校有适合您的${post.zh}。按模拟编排的测算，如果把它加入志愿，有可能被安排到这里。`,
        en: `This school has ${post.en} that fit you; by the what-if plan's figures, a place here would be possible if you added it to your list.`,
      };
      break;
    case 'higher_choice':
      out = {
        zh: `模拟编排已把您安排到您排序更靠前的第${f.placedRank}志愿，这所学校用不上。`,
        en: `The what-if plan places you at a school you ranked higher (your choice ${f.placedRank}), so this one does not come into play.`,
      };
      break;
    case 'full':
      out = {
        zh: `预计没有空位：该校${post.zh}核定${f.quota}人，目前在岗${f.holders}人，按模拟编排的其他调动之后没有空余。`,
        en: `No place is expected to be free: this school's approved headcount for ${post.en} is ${f.quota}, ${f.holders} hold them today, and after the what-if plan's other moves none is left.`,
      };
      break;
    case 'not_chosen':
      out = {
        zh: `模拟编排${n > 0 ? `及其${n}次变化模拟` : ''}都没有把您安排到这里：名额优先用于规则更看重的调动（必须交流的教师、向乡村和薄弱学校流动、志愿的先后），或者安排您到这里会违反其他规则（如原校学科最少人数、领导班子交流比例）。`,
        en: `Neither the what-if plan${n > 0 ? ` nor any of its ${n} re-runs` : ''} places you here: the places go to moves the rules favour more (mandatory moves, flows toward rural and weak schools, the order of preferences), or moving you here would break another rule (such as the minimum of a subject's teachers your school keeps, or the share of its leadership team that may leave).`,
      };
      break;
    case 'no_post':
      out = {
        zh: `该校没有${post.zh}，无法按您的学科和岗位类别安排。`,
        en: `This school has no ${post.en}, so nobody of your subject and category can be placed there.`,
      };
      break;
    case 'r3_destination':
      out = {
        zh: '按R3的规定，您的交流任教须在县城学校或乡镇中心校，这所学校不属于此类。',
        en: 'Under R3 your year away must be at a county-town school or a township central school, and this school is neither.',
      };
      break;
    case 'own_school':
      out = { zh: '这是您现在任职的学校。', en: 'This is the school you work at now.' };
      break;
    case 'exempt':
      out = { zh: '您本轮免于交流，方案不会调动您。', en: 'You are exempt from rotation in this cycle, so the plan does not move you.' };
      break;
  }
  if (h.suggested && h.reason !== 'worth_listing') out = { zh: `您没有填报这所学校。${out.zh}`, en: `You did not list this school. ${out.en}` };
  return out;
}

export interface SummaryToExplain {
  kind: TeacherKind;
  placedSchoolName: string | null;
  placedRank: number | null;
  /** the county's what-if plan is infeasible (the elastic draft) */
  unsettled: boolean;
  /** "2026-12-03 03:31" in Asia/Shanghai */
  computedAtShanghai: string;
}

/** One paragraph about the teacher's situation this cycle, and when it was computed. */
export function summarise(s: SummaryToExplain): Bilingual {
  const at = s.placedSchoolName;
  const choice = { zh: s.placedRank ? `（您的第${s.placedRank}志愿）` : '', en: s.placedRank ? ` (your choice ${s.placedRank})` : '' };
  const placed = at
    ? { zh: `模拟编排把您安排到${at}${choice.zh}。`, en: `The what-if plan places you at ${at}${choice.en}.` }
    : null;
  let head: Bilingual;
  switch (s.kind) {
    case 'mandatory_r2':
      head = {
        zh: `您本轮须交流（R2：领导人员在同一岗位连续任职年限已到）。${placed?.zh ?? '模拟编排暂时无法为您安排去处，人事股将作决定。'}`,
        en: `You must move this cycle (R2: you have reached the limit of consecutive years in the same leadership post). ${placed?.en ?? 'The what-if plan cannot place you yet; the HR office will decide.'}`,
      };
      break;
    case 'mandatory_r3':
      head = {
        zh: `您本轮须到县城学校或乡镇中心校任教至少一年（R3）。${placed?.zh ?? '模拟编排暂时无法为您安排去处，人事股将作决定。'}`,
        en: `You must spend at least a year at a county-town school or a township central school (R3). ${placed?.en ?? 'The what-if plan cannot place you yet; the HR office will decide.'}`,
      };
      break;
    case 'volunteer':
      head = placed
        ? { zh: `您申请了交流。${placed.zh}`, en: `You asked to move. ${placed.en}` }
        : {
            zh: '您申请了交流。模拟编排中您填报的学校都没有给您的名额；自愿交流的教师只会被安排到自己填报的学校，所以按目前情况您会留在原校。',
            en: 'You asked to move. None of the schools you listed has a place for you in the what-if plan; a volunteer is only placed at a school they listed, so as things stand you would stay where you are.',
          };
      break;
    case 'eligible':
      head = placed
        ? { zh: `您在本校任教年限已满，属于可交流人员（R1）。${placed.zh}`, en: `You have been at your school long enough to be exchanged (R1). ${placed.en}` }
        : { zh: '您在本校任教年限已满，属于可交流人员（R1），但按目前情况模拟编排不会调动您。', en: 'You have been at your school long enough to be exchanged (R1), but as things stand the what-if plan does not move you.' };
      break;
    case 'not_eligible':
      head = {
        zh: '您本轮不必交流；如果愿意交流，可以填报志愿。下面建议的学校是您填报后有可能被安排的学校。',
        en: 'You need not move this cycle; you may ask to move by listing schools. The suggestions below are schools where a place would be possible if you did.',
      };
      break;
    case 'exempt':
      head = { zh: '您本轮免于交流，方案不会调动您。', en: 'You are exempt from rotation in this cycle; the plan does not move you.' };
      break;
  }
  const unsettled = s.unsettled
    ? { zh: '全县方案目前还不能满足所有规则，人事股作出决定后结果可能改变。', en: "The county's plan cannot yet meet every rule; results may change once the HR office decides on that." }
    : { zh: '', en: '' };
  return {
    zh: `${head.zh}${unsettled.zh}以上根据${s.computedAtShanghai}（北京时间）的志愿和空岗计算。`,
    en: `${head.en}${unsettled.en ? ` ${unsettled.en}` : ''} Computed at ${s.computedAtShanghai} (Beijing time) from the preferences and vacancies of that moment.`,
  };
}

const SHANGHAI_MINUTE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "2026-12-03 03:31": an instant as a date and time in Asia/Shanghai */
export function shanghaiMinute(iso: string): string {
  const p = Object.fromEntries(SHANGHAI_MINUTE.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
