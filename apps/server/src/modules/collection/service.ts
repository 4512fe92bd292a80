import {
  collectionProblems,
  collectionReadOnly,
  deriveFromMainlandId,
  idProofRequired,
  overallCollectionStatus,
  idTypeLabel,
  maskIdNumber,
  maskName,
  type IdType,
  type TAuthorityRequest,
  type TBasicInfoRequest,
  type TEducationRequest,
  type BasicData,
  type WorkData,
  type CollectionState as State,
  type CollectionStatus,
  type TScopeRequest,
} from '@ausm/domain';
import type { Db, Tx } from '../../db/client';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { QualificationRegistry } from '../../platform/qualification';
import { QualificationServiceUnavailable } from '../../platform/qualification';
import type { ReviewEngine } from '../../platform/review/engine';
import type { AccountService } from '../account';
import type { AuthorityService } from '../authority';
import type { FileService } from '../files';
import { approvedRefusal, assertWritable } from './lock';
import { CollectionRecords } from './records';
import { regionName } from './regions';
import { CollectionRepo, type ProfileRow } from './repo';
import { basicDisplay, COLLECTION_KINDS, educationDisplay, workDisplay } from './review-kinds';
import { eq } from 'drizzle-orm';
import { collectionProfiles, educationRecords, workRecords, type PartStatus } from './tables';

/** The wizard's state, with the server's Dates (the domain's type, docs/collection.md). */
type CollectionState = State<Date>;

export type { CollectionState, CollectionStatus };

/** GET /api/collection/summary: 个人档案's line of 信息采集. */
export type CollectionSummary = {
  collectionStatus: CollectionStatus;
  authorityName: string | null;
  submittedAt: Date | null;
  lastDecision: { title: string; status: 'approved' | 'rejected'; opinion: string | null; decidedAt: Date } | null;
};

const OPEN: PartStatus[] = ['pending', 'in_review'];
const underReview = () => new AppError(409, 'collection/under_review', '该信息正在审核中，不能修改');
/** The person's identity as registration fixed it, with what a mainland ID says of sex and birth. */
type Person = { idType: IdType; idNumber: string; realName: string; mobile: string; mainland: boolean; sex: 'male' | 'female' | null; birthDate: string | null };

/**
 * 会计人员信息采集 (seeds 000/001/003 §3): the six steps, each part reviewed by the authority chosen
 * in step 5. Education and work records live in records.ts; this service holds the profile (scope,
 * 基本信息, 会计管理部门), the submission and the state the wizard shows.
 */
export class CollectionService {
  private readonly repo = new CollectionRepo();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
    private readonly authorities: AuthorityService,
    private readonly reviews: ReviewEngine,
    private readonly files: FileService,
    private readonly records: CollectionRecords,
    private readonly qualifications: QualificationRegistry,
  ) {}

  /** Entering the wizard needs real-name verification (seed 003 §2.5). */
  async person(accountId: string): Promise<Person> {
    const identity = await this.accounts.identity(accountId);
    if (!identity) throw new AppError(401, 'auth/required', '登录已失效，请重新登录');
    if (!identity.verified) throw new AppError(403, 'collection/identity_required', '请先完成实名认证');
    const mainland = identity.idType === 'mainland_id';
    const derived = mainland ? deriveFromMainlandId(identity.idNumber) : null;
    return { ...identity, mainland, sex: derived?.sex ?? null, birthDate: derived?.birthDate ?? null };
  }

  async state(accountId: string): Promise<CollectionState> {
    const person = await this.person(accountId);
    await this.records.takeImports(accountId, person.idType, person.idNumber);
    const [profile, education, work, account] = await Promise.all([
      this.repo.profile(this.db, accountId),
      this.records.education(accountId),
      this.records.work(accountId),
      this.accounts.current(accountId),
    ]);
    const basic = (profile?.basic as BasicData | null) ?? null;
    const authorityName = profile?.authorityId ? await this.authorities.label(profile.authorityId) : null;
    const chain = profile?.authorityId ? await this.authorities.chain(profile.authorityId) : [];
    const items = await this.reviews.forAccountByIds(
      accountId,
      [profile?.reviewItemId, ...education.map((e) => e.reviewItemId), ...work.map((w) => w.reviewItemId)].filter((id): id is string => !!id),
    );
    const itemById = new Map(items.map((i) => [i.id, i]));
    const authorityLabels = new Map<string, string>();
    for (const item of items) if (!authorityLabels.has(item.authorityId)) authorityLabels.set(item.authorityId, await this.authorities.label(item.authorityId));
    // The engine knows when a reviewer took an item (审核中); the part row only knows it is open.
    const liveStatus = (status: PartStatus, itemId: string | null): PartStatus =>
      status === 'pending' && itemId && itemById.get(itemId)?.status === 'in_review' ? 'in_review' : status;
    // An opinion belongs to its decision: a part edited since (未提交审核) or resubmitted shows none.
    const decided = (row: { reviewStatus: PartStatus; reviewOpinion: string | null }) =>
      row.reviewStatus === 'approved' || row.reviewStatus === 'rejected' ? row.reviewOpinion : null;
    const notice = (part: 'basic' | 'education' | 'work', recordId: string | null, label: string, row: { reviewStatus: PartStatus; reviewOpinion: string | null; reviewItemId: string | null }) => {
      const item = row.reviewItemId ? itemById.get(row.reviewItemId) : undefined;
      return {
        part,
        recordId,
        reviewItemId: row.reviewItemId!,
        label,
        reviewStatus: liveStatus(row.reviewStatus, row.reviewItemId),
        authorityName: item ? (authorityLabels.get(item.authorityId) ?? null) : null,
        opinion: decided(row),
        submittedAt: item?.submittedAt ?? null,
      };
    };

    const notices: CollectionState['notices'] = [];
    if (profile?.reviewItemId) notices.push(notice('basic', null, '基本信息', profile));
    for (const e of education) if (e.reviewItemId) notices.push(notice('education', e.id, `教育经历：${e.school}`, e));
    for (const w of work) if (w.reviewItemId) notices.push(notice('work', w.id, `工作经历：${w.unitName}`, w));

    return {
      collectionStatus: overallStatus(profile, education, work),
      scope: profile?.scope ?? null,
      readonly: {
        idType: person.idType,
        idTypeLabel: idTypeLabel(person.idType),
        mainland: person.mainland,
        maskedIdNumber: maskIdNumber(person.idNumber),
        maskedName: maskName(person.realName),
        maskedMobile: account?.maskedMobile ?? '',
        sex: person.sex ?? (basic?.sex as 'male' | 'female' | null | undefined) ?? null,
        birthDate: person.birthDate ?? basic?.birthDate ?? null,
      },
      basic: basic && profile ? { ...basic, reviewStatus: liveStatus(profile.reviewStatus, profile.reviewItemId), reviewOpinion: decided(profile) } : null,
      education: education.map((e) => ({ ...e, reviewStatus: liveStatus(e.reviewStatus, e.reviewItemId), reviewOpinion: decided(e) })),
      work: work.map((w) => ({ ...w, reviewStatus: liveStatus(w.reviewStatus, w.reviewItemId), reviewOpinion: decided(w) })),
      authority:
        profile?.authorityId && chain.length >= 2
          ? { provinceId: chain[0]!.id, cityId: chain[1]!.id, countyId: chain[2]?.id ?? null, name: authorityName ?? '' }
          : null,
      qualification: profile?.qualification ?? null,
      idProofRequired: idProofRequired(situation(education, work)),
      notices,
    };
  }

  async saveScope(accountId: string, input: TScopeRequest): Promise<CollectionState> {
    await this.person(accountId);
    await assertWritable(this.repo, this.db, accountId);
    await this.editProfile(accountId, (profile) => ({
      scope: input.scope,
      // The qualification lookup belongs to the scope that asked for it.
      qualification: input.scope === profile.scope ? profile.qualification : null,
    }));
    return this.state(accountId);
  }

  async saveBasic(accountId: string, input: TBasicInfoRequest): Promise<CollectionState> {
    const person = await this.person(accountId);
    await assertWritable(this.repo, this.db, accountId);
    const fields: Record<string, string> = {};
    if (!person.mainland) {
      if (!input.sex) fields.sex = '请选择性别';
      if (!input.birthDate) fields.birthDate = '请选择出生年月';
    }
    if (Object.keys(fields).length) throw new AppError(400, 'validation/failed', Object.values(fields)[0]!, { fields });
    const region = await regionName(this.authorities, input.address, 'address');
    const basic: BasicData = {
      ...input,
      // A mainland ID says sex and birth date; the form cannot change them (seed: 注册时所填信息, 不可修改).
      sex: person.mainland ? person.sex : input.sex,
      birthDate: person.mainland ? person.birthDate : input.birthDate,
      residencePermitNo: person.mainland ? null : (input.residencePermitNo ?? null),
      address: { ...input.address, regionName: region },
    };
    await this.editProfile(accountId, async (_profile, tx) => {
      const use = (field: string, label: string) => ({ usedBy: `collection_profile:${accountId}`, field, label });
      await this.files.claim(tx, accountId, input.photoFileId, 'standard_photo', use('photoFileId', '照片'));
      if (input.idProofFrontFileId) await this.files.claim(tx, accountId, input.idProofFrontFileId, 'proof', use('idProofFrontFileId', '身份证明正面'));
      if (input.idProofBackFileId) await this.files.claim(tx, accountId, input.idProofBackFileId, 'proof', use('idProofBackFileId', '身份证明背面'));
      return { basic };
    });
    return this.state(accountId);
  }

  async saveAuthority(accountId: string, input: TAuthorityRequest): Promise<CollectionState> {
    await this.person(accountId);
    await assertWritable(this.repo, this.db, accountId);
    const province = await this.authorities.byId(input.provinceId);
    if (!province || province.level !== 'province') throw new AppError(400, 'collection/authority_invalid', '请选择所在会计管理部门（省）', { field: 'provinceId' });
    const city = await this.authorities.byId(input.cityId);
    if (!city || city.parentId !== province.id) throw new AppError(400, 'collection/authority_invalid', '请选择所在会计管理部门（市）', { field: 'cityId' });
    let chosen = city;
    if (input.countyId) {
      const county = await this.authorities.byId(input.countyId);
      if (!county || county.parentId !== city.id) throw new AppError(400, 'collection/authority_invalid', '所选区县不属于所选市，请重新选择', { field: 'countyId' });
      chosen = county;
    }
    await this.db.transaction(async (tx) => {
      await this.repo.insertProfile(tx, accountId, this.clock.now());
      await assertWritable(this.repo, tx, accountId, true);
      const profile = (await this.repo.profile(tx, accountId, true))!;
      // Once a part is under review or approved, the authority holds the record: moving it is a 属地关系调转.
      const [education, work] = await Promise.all([this.repo.education(tx, accountId), this.repo.work(tx, accountId)]);
      const held = [profile, ...education, ...work].some((p) => p.reviewStatus === 'approved' || OPEN.includes(p.reviewStatus));
      if (held && profile.authorityId !== chosen.id) {
        throw new AppError(409, 'collection/authority_locked', '信息已提交审核，不能更改会计管理部门；如需变更，请办理属地关系调转', { field: 'provinceId' });
      }
      await this.repo.updateProfile(tx, accountId, { authorityId: chosen.id, updatedAt: this.clock.now() });
    });
    return this.state(accountId);
  }

  /**
   * 提交审核: every part not yet under review or approved goes to the chosen authority, in one
   * transaction, after every rule that spans parts (scope, ID proofs, attachments) has passed.
   */
  async submit(accountId: string): Promise<CollectionState> {
    const person = await this.person(accountId);
    const [profile, education, work] = await Promise.all([this.repo.profile(this.db, accountId), this.records.education(accountId), this.records.work(accountId)]);
    const basic = (profile?.basic as BasicData | null) ?? null;
    if (collectionReadOnly(overallStatus(profile, education, work))) throw approvedRefusal();
    // The same rules as each step's 下一步 (packages/domain/src/collection/progress.ts).
    const fields: Record<string, string> = collectionProblems({ scope: profile?.scope ?? null, basic, education, work, authority: !!profile?.authorityId });
    if (Object.keys(fields).length) throw new AppError(400, 'collection/incomplete', `信息采集尚未完成：${Object.values(fields)[0]}`, { fields });

    // Scope 二: the national qualification records (certificates since 2001), before the transaction.
    let qualification = profile!.qualification;
    if (profile!.scope === 'qualified_non_accountant') qualification = await this.lookupQualification(person);

    // Read before the transaction: on PGlite a query outside it would wait for it to end.
    const authority = (await this.authorities.byId(profile!.authorityId!))!;
    const authorityName = await this.authorities.label(authority.id);
    await this.db.transaction(async (tx) => {
      // The profile row serializes two submissions of one person.
      const locked = (await this.repo.profile(tx, accountId, true))!;
      await assertWritable(this.repo, tx, accountId);
      if (locked.authorityId !== authority.id) throw new AppError(409, 'collection/changed', '信息已变更，请刷新页面后重新提交');
      const [edu, wk] = await Promise.all([this.repo.education(tx, accountId), this.repo.work(tx, accountId)]);
      const due = <T extends { reviewStatus: PartStatus }>(rows: T[]) => rows.filter((r) => r.reviewStatus === 'draft' || r.reviewStatus === 'rejected');
      const parts = (locked.reviewStatus === 'draft' || locked.reviewStatus === 'rejected' ? 1 : 0) + due(edu).length + due(wk).length;
      if (parts === 0) throw new AppError(409, 'collection/nothing_to_submit', '没有需要提交审核的信息');
      const common = {
        accountId,
        authorityId: authority.id,
        authorityPath: authority.path,
        applicantName: maskName(person.realName),
        applicantIdMasked: maskIdNumber(person.idNumber),
        before: null,
      };
      const attachments = (pairs: Array<[string | null | undefined, string]>) => pairs.filter(([id]) => !!id).map(([id, label]) => ({ id: id!, label }));
      if (locked.reviewStatus === 'draft' || locked.reviewStatus === 'rejected') {
        const b = locked.basic as BasicData;
        const item = await this.reviews.submit(tx, {
          ...common,
          kind: COLLECTION_KINDS.basic,
          title: '信息采集·基本信息',
          after: basicDisplay(
            locked.scope,
            b,
            { idTypeLabel: idTypeLabel(person.idType), idNumber: person.idNumber, realName: person.realName, sex: b.sex ?? null, birthDate: b.birthDate ?? null },
            authorityName,
            qualification,
          ),
          attachments: attachments([
            [b.photoFileId, '照片'],
            [b.idProofFrontFileId, '身份证明正面'],
            [b.idProofBackFileId, '身份证明背面'],
          ]),
        });
        await tx
          .update(collectionProfiles)
          .set({ reviewStatus: 'pending', reviewOpinion: null, reviewItemId: item.id, qualification, updatedAt: this.clock.now() })
          .where(eq(collectionProfiles.accountId, accountId));
      }
      for (const row of due(edu)) {
        const data = row.data as TEducationRequest;
        const item = await this.reviews.submit(tx, {
          ...common,
          kind: COLLECTION_KINDS.education,
          title: `信息采集·教育经历（${data.school}）`,
          after: educationDisplay(data, row.degreeCheck),
          attachments: this.records.educationAttachmentList(data, row.degreeCheck, locked.scope),
        });
        await this.repo.setPartStatus(tx, educationRecords, row.id, 'pending', null, item.id);
      }
      for (const row of due(wk)) {
        const data = row.data as WorkData;
        const item = await this.reviews.submit(tx, {
          ...common,
          kind: COLLECTION_KINDS.work,
          title: `信息采集·工作经历（${data.unitName}）`,
          after: workDisplay(data),
          attachments: this.records.workAttachmentList(data),
        });
        await this.repo.setPartStatus(tx, workRecords, row.id, 'pending', null, item.id);
      }
    });
    return this.state(accountId);
  }

  /**
   * 个人档案 (seed 003 §9): where 信息采集 stands — status, 会计管理部门, the last submission and the last
   * decision — read without entering the wizard (no 实名认证 needed, no imported records taken).
   */
  async summary(accountId: string): Promise<CollectionSummary> {
    const [profile, education, work] = await Promise.all([this.repo.profile(this.db, accountId), this.repo.education(this.db, accountId), this.repo.work(this.db, accountId)]);
    const ids = [profile?.reviewItemId, ...education.map((e) => e.reviewItemId), ...work.map((w) => w.reviewItemId)].filter((id): id is string => !!id);
    const items = await this.reviews.forAccountByIds(accountId, ids);
    const decided = items
      .filter((i) => (i.status === 'approved' || i.status === 'rejected') && i.decidedAt)
      .sort((a, b) => b.decidedAt!.getTime() - a.decidedAt!.getTime())[0];
    const submitted = items.map((i) => i.submittedAt.getTime());
    return {
      collectionStatus: overallStatus(profile, education, work),
      authorityName: profile?.authorityId ? await this.authorities.label(profile.authorityId) : null,
      submittedAt: submitted.length ? new Date(Math.max(...submitted)) : null,
      lastDecision: decided
        ? { title: decided.title, status: decided.status as 'approved' | 'rejected', opinion: decided.opinion, decidedAt: decided.decidedAt! }
        : null,
    };
  }

  /** For later modules (change, transfer, exam): 信息采集审核通过 or not. */
  async status(accountId: string): Promise<CollectionStatus> {
    const [profile, education, work] = await Promise.all([this.repo.profile(this.db, accountId), this.records.education(accountId), this.records.work(accountId)]);
    return overallStatus(profile, education, work);
  }

  private async lookupQualification(person: Person): Promise<NonNullable<ProfileRow['qualification']>> {
    try {
      const certificates = await this.qualifications.lookup({ idNumber: person.idNumber, name: person.realName });
      return { verified: certificates.length > 0, certificates };
    } catch (err) {
      // The registry is down: submitted anyway, the reviewer sees 未核验 (seed 003 §3.2 note 2).
      if (err instanceof QualificationServiceUnavailable) return { verified: false, certificates: [] };
      throw err;
    }
  }

  /** Writes the profile unless its 基本信息 is under review; an approved part goes back to draft. */
  private async editProfile(
    accountId: string,
    change: (profile: ProfileRow, tx: Tx) => Partial<ProfileRow> | Promise<Partial<ProfileRow>>,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.repo.insertProfile(tx, accountId, this.clock.now());
      const profile = (await this.repo.profile(tx, accountId, true))!;
      await assertWritable(this.repo, tx, accountId);
      if (OPEN.includes(profile.reviewStatus)) throw underReview();
      const set = await change(profile, tx);
      await this.repo.updateProfile(tx, accountId, {
        ...set,
        reviewStatus: profile.reviewStatus === 'approved' || profile.reviewStatus === 'rejected' ? 'draft' : profile.reviewStatus,
        updatedAt: this.clock.now(),
      });
    });
  }
}

/** 在职 and 在校: a current (至今) work or education record. */
function situation(education: Array<{ endDate: string | null }>, work: Array<{ endDate: string | null }>) {
  return { working: work.some((w) => w.endDate === null), studying: education.some((e) => e.endDate === null) };
}

function overallStatus(
  profile: ProfileRow | undefined,
  education: Array<{ reviewStatus: PartStatus }>,
  work: Array<{ reviewStatus: PartStatus }>,
): CollectionStatus {
  return overallCollectionStatus(profile?.reviewStatus ?? null, education.map((e) => e.reviewStatus), work.map((w) => w.reviewStatus));
}
