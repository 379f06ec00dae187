/**
 * Phone numbers for the benchmarks: +1 NPA 555 XXXX, which libphonenumber accepts as valid US numbers
 * (so checkouts pass Veil's validation) and which the 555 exchange keeps out of real subscribers' hands.
 * Each kind of party draws from its own area codes, so a buyer never collides with a courier.
 */
const NPAS = {
  relay: ['201', '202', '203', '205', '206', '207', '208', '209'],
  courier: ['210', '212', '213', '214'],
  merchant: ['215', '216', '217', '218'],
  buyer: `219 224 225 228 229 231 234 239 240 248 251 252 253 254 256 260 262 267 269 270 276 281 301 302 303 304 305
    307 308 309 310 312 313 314 315 316 317 318 319 320 321 323 325 330 334 336 337 339 347 351 352 360 361 386 401 402
    404 405 406 407 408 409 410 412 413 414 415 417 419 423 425 430 432 434 435 440 443 469 478 479 480 484 501 502 503`
    .trim()
    .split(/\s+/),
} as const;

export type PhoneKind = keyof typeof NPAS;

const PER_NPA = 10_000;

/** The i-th number of a kind, E.164. */
export function phone(kind: PhoneKind, i: number): string {
  const npas = NPAS[kind];
  const npa = npas[Math.floor(i / PER_NPA)];
  if (npa === undefined) throw new Error(`only ${npas.length * PER_NPA} ${kind} numbers are available`);
  return `+1${npa}555${String(i % PER_NPA).padStart(4, '0')}`;
}

export function capacity(kind: PhoneKind): number {
  return NPAS[kind].length * PER_NPA;
}

/** Which kind of party a benchmark number belongs to. */
export function kindOf(e164: string): PhoneKind {
  const npa = e164.slice(2, 5);
  return (Object.keys(NPAS) as PhoneKind[]).find((kind) => (NPAS[kind] as readonly string[]).includes(npa)) ?? 'buyer';
}
