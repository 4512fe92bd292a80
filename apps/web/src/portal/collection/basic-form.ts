import type { BasicView, ReadonlyPerson, TBasicInfoRequest } from '@ausm/domain';
import { reactive } from 'vue';

// 基本信息's form, shared by the wizard's step 2 (BasicPage.vue) and 基本信息变更 (change/BasicChangeDialog.vue):
// the same fields from the saved record, and the same request from the form.

/** The editable fields of 基本信息, filled from what is saved (a new form when nothing is). */
export function useBasicForm(saved: BasicView | null, person: ReadonlyPerson) {
  return reactive({
    photoFileId: saved?.photoFileId ?? '',
    politicalStatus: (saved?.politicalStatus ?? '') as string,
    ethnicity: (saved?.ethnicity ?? '') as string,
    email: saved?.email ?? '',
    address: {
      provinceId: saved?.address.provinceId ?? '',
      cityId: saved?.address.cityId ?? '',
      countyId: saved?.address.countyId ?? '',
      detail: saved?.address.detail ?? '',
    },
    postalCode: saved?.postalCode ?? '',
    residencePermitNo: saved?.residencePermitNo ?? '',
    sex: (saved?.sex ?? person.sex ?? '') as 'male' | 'female' | '',
    birthDate: saved?.birthDate ?? person.birthDate ?? '',
    idProofFrontFileId: (saved?.idProofFrontFileId ?? null) as string | null,
    idProofBackFileId: (saved?.idProofBackFileId ?? null) as string | null,
  });
}
export type BasicForm = ReturnType<typeof useBasicForm>;

/** The request both pages send: blanks as null, and what a mainland ID fixes (性别, 出生日期) left out. */
export function basicInfoRequest(form: BasicForm, person: ReadonlyPerson): TBasicInfoRequest {
  const blank = (v: string | null) => (v && v.trim() ? v.trim() : null);
  return {
    photoFileId: form.photoFileId,
    politicalStatus: form.politicalStatus as TBasicInfoRequest['politicalStatus'],
    ethnicity: form.ethnicity as TBasicInfoRequest['ethnicity'],
    email: blank(form.email),
    address: { ...form.address, countyId: form.address.countyId || null, detail: form.address.detail.trim() },
    postalCode: blank(form.postalCode),
    residencePermitNo: person.mainland ? null : blank(form.residencePermitNo),
    sex: person.mainland ? null : form.sex || null,
    birthDate: person.mainland ? null : blank(form.birthDate),
    idProofFrontFileId: form.idProofFrontFileId || null,
    idProofBackFileId: form.idProofBackFileId || null,
  };
}
