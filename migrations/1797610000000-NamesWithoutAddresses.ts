import type { MigrationInterface, QueryRunner } from 'typeorm';
import { baseSubject, normalizeSubject } from '../src/conversations/subject';
import {
  hasAddress,
  isLocalPart,
  NAME_PLACEHOLDER,
  withoutAddresses,
} from '../src/programs/participant-names';

interface Row {
  id: string;
  name: string;
  preferred_name: string | null;
  email: string;
  joined: boolean;
}

/**
 * Names stored before a join email's name was cleaned: a display name that was an address
 * ("ann.lee@gmail.com"), or, with no display name, the address's local part ("ann.lee"). Both
 * reached partners in footers, digests and notices. Such a name loses its address; a name with
 * nothing left, or a join's local part, becomes the first name the person chose in the
 * questionnaire, else the placeholder the questionnaire replaces (as new joins are named now).
 * A staff-typed name equal to the local part is kept: staff chose it, as did a joiner whose display
 * name differs from it in case ("Ann" for ann@...). A preferred name holding
 * an address loses it too. Threads named after an old name ("A message from ann.lee", whose
 * subject every later copy repeats) follow the new name.
 *
 * Irreversible on purpose: down() does not put addresses back into names.
 */
export class NamesWithoutAddresses1797610000000 implements MigrationInterface {
  name = 'NamesWithoutAddresses1797610000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A cheap net in SQL (any "@" look-alike, or a join named by its local part); hasAddress decides.
    const rows = (await queryRunner.query(
      `SELECT p.id, p.name, p.preferred_name, p.email, COALESCE(pp.source = 'join', false) AS joined
         FROM participants p
         LEFT JOIN participant_profiles pp ON pp.participant_id = p.id
        WHERE p.removed_at IS NULL
          AND (concat_ws(' ', p.name, p.preferred_name) ~* '@|\uFF20|%40|&#|&commat;|[(\\[{] ?at ?[)\\]}]'
               OR (pp.source = 'join' AND btrim(p.name) = split_part(p.email, '@', 1)))`,
    )) as Row[];
    for (const r of rows) {
      const preferred =
        r.preferred_name && hasAddress(r.preferred_name)
          ? withoutAddresses(r.preferred_name) || null
          : r.preferred_name;
      let name = withoutAddresses(r.name);
      if (!/\p{L}/u.test(name) || (r.joined && isLocalPart(name, r.email)))
        name = preferred || NAME_PLACEHOLDER;
      if (name === r.name && preferred === r.preferred_name) continue;
      await queryRunner.query(`UPDATE participants SET name = $2, preferred_name = $3 WHERE id = $1`, [
        r.id,
        name,
        preferred,
      ]);
      const [before, after] = [r.name, name].map((n) => baseSubject(`A message from ${n}`));
      await queryRunner.query(
        `UPDATE threads t SET subject = $3, normalized_subject = $4
           FROM pairing_members pm
          WHERE pm.participant_id = $1 AND t.pairing_id = pm.pairing_id AND t.subject = $2`,
        [r.id, before, after, normalizeSubject(after)],
      );
    }
  }

  public async down(): Promise<void> {
    // Nothing to undo: the addresses taken out of names are not to come back.
  }
}
