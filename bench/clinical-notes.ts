/**
 * A deterministic corpus of fictional clinical-style notes for the de-identification benchmark:
 * names, dates in several forms, MRNs, phone numbers, addresses, ages, vitals, labs and
 * medications, in prose, ALL-CAPS nursing style and lists. Nothing here is real.
 */
import { en, Faker } from '@faker-js/faker';

const COMPLAINTS = [
  'chest pain',
  'shortness of breath',
  'abdominal pain',
  'fever and chills',
  'dizziness',
  'a persistent cough',
  'lower back pain',
  'headache',
  'palpitations',
  'nausea and vomiting',
];
const MEDS = [
  'metoprolol 25 mg PO BID',
  'lisinopril 10 mg daily',
  'atorvastatin 40 mg nightly',
  'metformin 500 mg BID',
  'aspirin 81 mg daily',
  'furosemide 20 mg IV',
  'pantoprazole 40 mg daily',
  'heparin 5000 units SC q8h',
];
const HOSPITALS = [
  'Mercy General Hospital',
  'St. Luke Medical Center',
  'Riverside Community Hospital',
  'Lakeview Clinic',
];

/** Makes notes until they hold at least `megabytes` of text. */
export function clinicalNotes(megabytes: number, seed = 7): string[] {
  // a fixed "today" for birthdates: otherwise the corpus would change from one day to the next
  const faker = new Faker({ locale: [en] });
  faker.setDefaultRefDate(new Date('2025-01-01T00:00:00Z'));
  faker.seed(seed);
  const notes: string[] = [];
  let size = 0;
  while (size < megabytes * 1_000_000) {
    const sex = faker.helpers.arrayElement(['female', 'male'] as const);
    const first = faker.person.firstName(sex);
    const last = faker.person.lastName();
    const doctor = `${faker.person.firstName()} ${faker.person.lastName()}`;
    const date = faker.date.between({ from: '2019-01-01', to: '2024-12-31' });
    const mdy = `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}`;
    const long = date.toLocaleDateString('en-US', { month: 'long', day: 'numeric', timeZone: 'UTC' });
    const age = faker.number.int({ min: 19, max: 97 });
    const mrn = faker.string.numeric(8);
    const phone = faker.phone.number({ style: 'national' });
    const address = `${faker.location.streetAddress()}, ${faker.location.city()}, ${faker.location.state({ abbreviated: true })} ${faker.location.zipCode('#####')}`;
    const complaint = faker.helpers.arrayElement(COMPLAINTS);
    const style = faker.number.int(2);
    let note: string;
    if (style === 0) {
      note = `DISCHARGE SUMMARY\nPatient: ${first} ${last}   MRN: ${mrn}   DOB: ${faker.date.birthdate().toISOString().slice(0, 10)}\nAdmitted: ${mdy}\n\n${first} ${last} is a ${age}-year-old ${sex === 'female' ? 'woman' : 'man'} who presented to ${faker.helpers.arrayElement(HOSPITALS)} on ${long} with ${complaint}. Vitals: BP ${faker.number.int({ min: 100, max: 170 })}/${faker.number.int({ min: 60, max: 100 })}, HR ${faker.number.int({ min: 55, max: 120 })}, T ${faker.number.float({ min: 36, max: 39.5, fractionDigits: 1 })} C, SpO2 ${faker.number.int({ min: 88, max: 100 })}%.\nLabs: Na 138, K ${faker.number.float({ min: 3.1, max: 5.4, fractionDigits: 1 })}, Cr ${faker.number.float({ min: 0.6, max: 2.4, fractionDigits: 1 })}, WBC ${faker.number.float({ min: 3, max: 18, fractionDigits: 1 })}.\nMedications: ${faker.helpers.arrayElements(MEDS, 3).join('; ')}.\nSeen by Dr. ${doctor}. Follow up in 2 weeks; call ${phone} with questions. Home address: ${address}.\n`;
    } else if (style === 1) {
      note = `NURSING NOTE ${mdy.toUpperCase()} 0700\nPT ${first.toUpperCase()} ${last.toUpperCase()} ${age}${sex === 'female' ? 'F' : 'M'} RESTING IN BED. C/O ${complaint.toUpperCase()}. PAIN 4/10. GIVEN ${faker.helpers.arrayElement(MEDS).toUpperCase()}. FAMILY (${faker.person.firstName().toUpperCase()}, SPOUSE) AT BEDSIDE, PHONE ${phone}. WILL CONTINUE TO MONITOR. RN ${faker.person.lastName().toUpperCase()}\n`;
    } else {
      note = `Progress note - ${long}\n- pt: ${first.toLowerCase()} ${last.toLowerCase()}, mrn ${mrn}\n- ${age} yo with ${complaint}, improving\n- plan: continue ${faker.helpers.arrayElement(MEDS)}, recheck labs ${faker.date.soon({ days: 10, refDate: date }).toISOString().slice(5, 10).replace('-', '/')}\n- d/w dr. ${faker.person.lastName().toLowerCase()}; contact ${faker.internet.email({ firstName: first, lastName: last })}\n`;
    }
    notes.push(note);
    size += note.length;
  }
  return notes;
}
