import { describe, expect, it } from 'vitest'
import { verifyAuctionConfirmation } from '../../server/auctions/confirmation'
import { findVerifiedDocument, groupCode } from '../../server/platform/verification'
import { certificateFor, certificatePdf, verifyRegistrationCertificate } from '../../server/registrations/certificate'
import { changeRegistration, registerContract, submitRegistration, terminateRegistration } from '../../server/registrations/service'
import { DomainError } from '../../server/platform/errors'
import { signedContract } from '../helpers/contracts'
import { createMember, testMeta } from '../helpers/factories'
import { pdfText } from '../helpers/pdf-text'
import { testDb } from '../helpers/worker-setup'

// The 登记证明 as a party holds it and anyone checks it: number, parties with
// credit codes, both amounts, the tax treatment, a QR code to the public page;
// the page shows nothing for a code that does not exist, and says so when the
// registration was changed or terminated.

const RESOLVERS = [verifyAuctionConfirmation, verifyRegistrationCertificate]

describe('the registration certificate', () => {
  it('prints both amounts, the number and the tax treatment; the verification page follows its state', async () => {
    const db = testDb()
    const c = await signedContract(db)
    const registrar = await createMember(db, { type: 'registrar', divisionCode: '450204' })
    const reg = await submitRegistration(db, c.uni.principal, { contractId: c.contractId, registrarId: registrar.org.id }, testMeta)
    // Before registration there is no certificate.
    await expect(certificateFor(db, c.uni.principal, reg.id)).rejects.toBeInstanceOf(DomainError)
    const done = await registerContract(db, registrar.principal, reg.id, testMeta)

    await expect(certificateFor(db, c.outsider.principal, reg.id)).rejects.toMatchObject({ kind: 'not_found' })
    const data = await certificateFor(db, c.ent.principal, reg.id)
    const text = pdfText(await certificatePdf(db, data, { origin: 'https://kjdsc.example.cn' })).replace(/\s+/g, ' ')
    expect(text).toContain('技术合同登记证明')
    expect(text).toContain(done.number!)
    expect(text).toContain('100 万元') // 合同成交额
    expect(text).toContain('80 万元') // 技术交易额
    expect(text).toContain('合同成交额')
    expect(text).toContain('技术交易额')
    expect(text).toContain('技术转让（专利权）')
    expect(text).toContain('免征增值税')
    expect(text).toContain(data.parties[0]!.credit_code)
    expect(text).toContain(registrar.org.name)
    expect(text).toContain(groupCode(done.verification_code!))

    const page = await findVerifiedDocument(db, groupCode(done.verification_code!).toLowerCase(), RESOLVERS)
    expect(page).toMatchObject({ kindKey: 'registration.verify.kind', number: done.number, noteKey: 'registration.verify.valid' })
    expect(page!.facts.find((f) => f.labelKey === 'registration.verify.technologyAmount')?.value).toBe('80000000')
    expect(text).toContain(page!.seal)
    expect(await findVerifiedDocument(db, 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', RESOLVERS)).toBeNull()
    expect(await findVerifiedDocument(db, 'not a code', RESOLVERS)).toBeNull()

    await changeRegistration(db, registrar.principal, reg.id, { contractType: null, contractAmountFen: 110_000_000, technologyAmountFen: null, termEnd: '2028-06-30' }, '补充协议', testMeta)
    const changedText = pdfText(await certificatePdf(db, await certificateFor(db, c.uni.principal, reg.id))).replace(/\s+/g, ' ')
    expect(changedText).toContain('110 万元')
    expect(changedText).toContain('办理变更')
    expect(changedText).toContain('2028-06-30')
    const changedPage = await findVerifiedDocument(db, done.verification_code!, RESOLVERS)
    expect(changedPage!.noteKey).toBe('registration.verify.changed')
    expect(changedPage!.seal).not.toBe(page!.seal)

    await terminateRegistration(db, registrar.principal, reg.id, '合同解除', testMeta)
    expect((await findVerifiedDocument(db, done.verification_code!, RESOLVERS))!.noteKey).toBe('registration.verify.terminated')
    expect(pdfText(await certificatePdf(db, await certificateFor(db, c.uni.principal, reg.id)))).toContain('注销')
  })
})
