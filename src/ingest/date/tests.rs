use chrono::{DateTime, Datelike, FixedOffset, SecondsFormat, TimeZone, Timelike, Utc};
use proptest::prelude::*;

use super::parse;
use crate::zone::Zone;

fn zone(name: &str) -> Zone {
    name.parse().unwrap()
}

fn rfc(d: DateTime<Utc>) -> String {
    d.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Input, source zone, the instant expected (RFC 3339 in UTC) or `None`.
#[rustfmt::skip]
const ROWS: &[(&str, &str, Option<&str>)] = &[
    // RFC 822/2822 and sloppy variants
    ("Sun, 04 Jan 2004 16:29:06 GMT", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("04 Jan 2004 16:29:06 GMT", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("Mon, 04 Jan 2004 16:29:06 GMT", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("04 Jan 2004 16:29 +0100", "+03:00", Some("2004-01-04T15:29:00Z")),
    ("Sun, 04 Jan 2004", "+03:00", Some("2004-01-03T21:00:00Z")),
    ("Sun, 4 Jan 2004 16:29:06 GMT", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("04 Jan 04 16:29:06 GMT", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("Sun, 04 Jan 49 16:29:06 GMT", "+03:00", Some("2049-01-04T16:29:06Z")),
    ("Sun, 04 Jan 50 16:29:06 GMT", "+03:00", Some("1950-01-04T16:29:06Z")),
    ("Sun, 04 Jan 99 16:29:06 GMT", "+03:00", Some("1999-01-04T16:29:06Z")),
    ("Sun, 04 Jan 104 16:29:06 GMT", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 +01:00", "+03:00", Some("2004-01-04T15:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 -0530", "+03:00", Some("2004-01-04T21:59:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 -0000", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("  Sun,   04  Jan\t2004   16:29:06   GMT  ", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("Sun., 04 Jan 2004 16:29:06 GMT", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("Sun. 04 Jan 2004 16:29:06 GMT", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("Sun 04 Jan 2004 16:29:06 GMT", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("Sun,04 Jan 2004 16:29:06 GMT", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("Sunday, 04 January 2004 16:29:06 GMT", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("Sunday, 04-Jan-04 16:29:06 GMT", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06", "+03:00", Some("2004-01-04T13:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 XYZ", "+03:00", Some("2004-01-04T13:29:06Z")),
    ("Tue, 10 Jun 2003 04:00:00 -0700 (PDT)", "+03:00", Some("2003-06-10T11:00:00Z")),
    ("Sun, 04 Jan 2004 16:29:06 GMT+2", "+03:00", Some("2004-01-04T14:29:06Z")),
    ("Sun Jan 04 2004 16:29:06 GMT+0200 (Central European Time)", "UTC", Some("2004-01-04T14:29:06Z")),
    ("January 4, 2004 4:29 PM", "UTC", Some("2004-01-04T16:29:00Z")),
    ("Sun, 04 Jan 2004 04:29:06 p.m. GMT", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("Sun, 04 Jan 2004 12:29:06 am GMT", "+03:00", Some("2004-01-04T00:29:06Z")),
    // Named zones
    ("Sun, 04 Jan 2004 16:29:06 UT", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 UTC", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 gmt", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 Z", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 EST", "+03:00", Some("2004-01-04T21:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 EDT", "+03:00", Some("2004-01-04T20:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 CST", "+03:00", Some("2004-01-04T22:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 CDT", "+03:00", Some("2004-01-04T21:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 MST", "+03:00", Some("2004-01-04T23:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 MDT", "+03:00", Some("2004-01-04T22:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 PST", "+03:00", Some("2004-01-05T00:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 PDT", "+03:00", Some("2004-01-04T23:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 A", "+03:00", Some("2004-01-04T15:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 I", "+03:00", Some("2004-01-04T07:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 K", "+03:00", Some("2004-01-04T06:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 M", "+03:00", Some("2004-01-04T04:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 N", "+03:00", Some("2004-01-04T17:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 Y", "+03:00", Some("2004-01-05T04:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 J", "+03:00", Some("2004-01-04T13:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 WET", "+03:00", Some("2004-01-04T16:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 WEST", "+03:00", Some("2004-01-04T15:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 CET", "+03:00", Some("2004-01-04T15:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 CEST", "+03:00", Some("2004-01-04T14:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 MET", "+03:00", Some("2004-01-04T15:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 MEST", "+03:00", Some("2004-01-04T14:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 EET", "+03:00", Some("2004-01-04T14:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 EEST", "+03:00", Some("2004-01-04T13:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 BST", "+03:00", Some("2004-01-04T15:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 IST", "+03:00", Some("2004-01-04T13:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 AEST", "+03:00", Some("2004-01-04T06:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 AEDT", "+03:00", Some("2004-01-04T05:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 JST", "+03:00", Some("2004-01-04T07:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 KST", "+03:00", Some("2004-01-04T07:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 HKT", "+03:00", Some("2004-01-04T08:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 SGT", "+03:00", Some("2004-01-04T08:29:06Z")),
    ("Sun, 04 Jan 2004 16:29:06 MSK", "UTC", Some("2004-01-04T13:29:06Z")),
    // asctime / ctime
    ("Sun Jan  4 16:29:06 2004", "UTC", Some("2004-01-04T16:29:06Z")),
    ("Sun Jan  4 16:29:06 2004", "+03:00", Some("2004-01-04T13:29:06Z")),
    ("Sun Jan  4 16:29:06 PST 2004", "+03:00", Some("2004-01-05T00:29:06Z")),
    // W3C-DTF, ISO 8601, RFC 3339
    ("2003-12-31T10:14:55Z", "+03:00", Some("2003-12-31T10:14:55Z")),
    ("2003-12-31T10:14:55-08:00", "+03:00", Some("2003-12-31T18:14:55Z")),
    ("2003-12-31T10:14:55.123+02:00", "+03:00", Some("2003-12-31T08:14:55.123Z")),
    ("2003-12-31T10:14:55.123456789123Z", "+03:00", Some("2003-12-31T10:14:55.123456789Z")),
    ("2003-12-31T10:14:55,5Z", "+03:00", Some("2003-12-31T10:14:55.500Z")),
    ("2003-12-31T10:14Z", "+03:00", Some("2003-12-31T10:14:00Z")),
    ("2003-12-31 10:14:55", "+03:00", Some("2003-12-31T07:14:55Z")),
    ("2003-12-31T10:14:55", "+03:00", Some("2003-12-31T07:14:55Z")),
    ("2003", "+03:00", Some("2002-12-31T21:00:00Z")),
    ("2003-12", "+03:00", Some("2003-11-30T21:00:00Z")),
    ("2003-12-31", "+03:00", Some("2003-12-30T21:00:00Z")),
    ("20040708T235658Z", "+03:00", Some("2004-07-08T23:56:58Z")),
    ("20040708T2356Z", "+03:00", Some("2004-07-08T23:56:00Z")),
    ("20040708T235658.25+0200", "+03:00", Some("2004-07-08T21:56:58.250Z")),
    ("20040708", "+03:00", Some("2004-07-07T21:00:00Z")),
    ("2004-07-08T23:56:58+0200", "+03:00", Some("2004-07-08T21:56:58Z")),
    ("2004-07-08t23:56:58z", "+03:00", Some("2004-07-08T23:56:58Z")),
    ("2004-07-08 23:56:58+02:00", "+03:00", Some("2004-07-08T21:56:58Z")),
    ("2004-07-08 23:56+02:00", "+03:00", Some("2004-07-08T21:56:00Z")),
    ("2004-07-08T23:56:58 +02:00", "+03:00", Some("2004-07-08T21:56:58Z")),
    ("2004/07/08 23:56", "UTC", Some("2004-07-08T23:56:00Z")),
    ("2004-07-08 23:56", "Europe/Berlin", Some("2004-07-08T21:56:00Z")),
    ("2004-01-04 12:00", "America/New_York", Some("2004-01-04T17:00:00Z")),
    // The text-article forms
    ("08.07.2004 23:56:58", "+03:00", Some("2004-07-08T20:56:58Z")),
    ("08.07.2004 23:56", "+03:00", Some("2004-07-08T20:56:00Z")),
    ("08.07.2004", "+03:00", Some("2004-07-07T21:00:00Z")),
    ("8.7.2004", "+03:00", Some("2004-07-07T21:00:00Z")),
    ("2004-07-08 23:56", "+03:00", Some("2004-07-08T20:56:00Z")),
    ("08.07.2004 23:56:58 +02:00", "+03:00", Some("2004-07-08T21:56:58Z")),
    // German
    ("Do, 08 Juli 2004 23:56:58 +0200", "UTC", Some("2004-07-08T21:56:58Z")),
    ("Donnerstag, 8. Juli 2004, 23:56 Uhr", "UTC", Some("2004-07-08T23:56:00Z")),
    ("am 4. Januar 2004 um 16:29 Uhr", "UTC", Some("2004-01-04T16:29:00Z")),
    ("Mo., 12. Jan. 2004", "UTC", Some("2004-01-12T00:00:00Z")),
    ("4. März 2004", "UTC", Some("2004-03-04T00:00:00Z")),
    ("4. MÄRZ 2004", "UTC", Some("2004-03-04T00:00:00Z")),
    ("4. Ma\u{308}rz 2004", "UTC", Some("2004-03-04T00:00:00Z")),
    ("4. Mär 2004", "UTC", Some("2004-03-04T00:00:00Z")),
    ("4. Mrz. 2004", "UTC", Some("2004-03-04T00:00:00Z")),
    ("Sa, 1. Mai 2004", "UTC", Some("2004-05-01T00:00:00Z")),
    ("So 3. Okt 2004", "UTC", Some("2004-10-03T00:00:00Z")),
    ("Fr, 24. Dez 2004 18:00", "UTC", Some("2004-12-24T18:00:00Z")),
    // French
    ("jeu., 08 juil. 2004 23:56:58 +0200", "UTC", Some("2004-07-08T21:56:58Z")),
    ("1er février 2004", "UTC", Some("2004-02-01T00:00:00Z")),
    ("lun. 2 févr. 2004", "UTC", Some("2004-02-02T00:00:00Z")),
    ("3 fév 2004", "UTC", Some("2004-02-03T00:00:00Z")),
    ("mar. 9 mars 2004 10:00", "UTC", Some("2004-03-09T10:00:00Z")),
    ("mer 14 avr 2004", "UTC", Some("2004-04-14T00:00:00Z")),
    ("sam. 15 mai 2004", "UTC", Some("2004-05-15T00:00:00Z")),
    ("15 juin 2004", "UTC", Some("2004-06-15T00:00:00Z")),
    ("dim. 15 août 2004", "UTC", Some("2004-08-15T00:00:00Z")),
    ("ven 3 sept 2004 à 16:29", "UTC", Some("2004-09-03T16:29:00Z")),
    ("25 oct 2004", "UTC", Some("2004-10-25T00:00:00Z")),
    ("25 nov. 2004", "UTC", Some("2004-11-25T00:00:00Z")),
    ("25 DÉC 2004", "UTC", Some("2004-12-25T00:00:00Z")),
    // Spanish
    ("jue, 08 jul 2004 23:56:58 +0200", "UTC", Some("2004-07-08T21:56:58Z")),
    ("4 de enero de 2004", "UTC", Some("2004-01-04T00:00:00Z")),
    ("4 ene 2004", "UTC", Some("2004-01-04T00:00:00Z")),
    ("mar, 09 mar 2004 10:00:00 GMT", "UTC", Some("2004-03-09T10:00:00Z")),
    ("mar 9 2004", "UTC", Some("2004-03-09T00:00:00Z")),
    ("mié, 1 set 2004", "UTC", Some("2004-09-01T00:00:00Z")),
    ("vie 3 sep 2004", "UTC", Some("2004-09-03T00:00:00Z")),
    ("sáb, 25 dic 2004", "UTC", Some("2004-12-25T00:00:00Z")),
    ("dom 12 ago 2004", "UTC", Some("2004-08-12T00:00:00Z")),
    ("lun 12 abr 2004", "UTC", Some("2004-04-12T00:00:00Z")),
    // Italian
    ("giovedì 8 luglio 2004", "UTC", Some("2004-07-08T00:00:00Z")),
    ("8 lug 2004 23:56", "UTC", Some("2004-07-08T23:56:00Z")),
    ("1 gen 2004", "UTC", Some("2004-01-01T00:00:00Z")),
    ("4 giu 2004", "UTC", Some("2004-06-04T00:00:00Z")),
    ("4 mag 2004", "UTC", Some("2004-05-04T00:00:00Z")),
    ("4 ott 2004", "UTC", Some("2004-10-04T00:00:00Z")),
    // Dutch
    ("do 8 juli 2004 23:56", "UTC", Some("2004-07-08T23:56:00Z")),
    ("9 maart 2004", "UTC", Some("2004-03-09T00:00:00Z")),
    ("9 mrt 2004", "UTC", Some("2004-03-09T00:00:00Z")),
    ("1 mei 2004", "UTC", Some("2004-05-01T00:00:00Z")),
    ("3 okt 2004", "UTC", Some("2004-10-03T00:00:00Z")),
    // Russian
    ("8 июля 2004 23:56:58 +0300", "UTC", Some("2004-07-08T20:56:58Z")),
    ("Чт, 08 июл 2004 23:56:58 +0300", "UTC", Some("2004-07-08T20:56:58Z")),
    ("4 января 2004 г.", "UTC", Some("2004-01-04T00:00:00Z")),
    ("Пн, 12 янв 2004", "UTC", Some("2004-01-12T00:00:00Z")),
    ("1 мая 2004", "UTC", Some("2004-05-01T00:00:00Z")),
    ("15 МАРТА 2004", "UTC", Some("2004-03-15T00:00:00Z")),
    ("31 декабря 2004 23:59", "UTC", Some("2004-12-31T23:59:00Z")),
    ("31 дек 2004 23:59 МСК", "UTC", Some("2004-12-31T20:59:00Z")),
    // Greek
    ("Πεμ, 08 Ιουλ 2004 23:56:58 +0300", "UTC", Some("2004-07-08T20:56:58Z")),
    ("8 Ιουλίου 2004", "UTC", Some("2004-07-08T00:00:00Z")),
    ("1 Μαΐου 2004", "UTC", Some("2004-05-01T00:00:00Z")),
    ("1 Μαΐ 2004", "UTC", Some("2004-05-01T00:00:00Z")),
    ("1 Μαϊ 2004", "UTC", Some("2004-05-01T00:00:00Z")),
    ("1 Μάι 2004", "UTC", Some("2004-05-01T00:00:00Z")),
    ("Κυρ, 04 Ιαν 2004", "UTC", Some("2004-01-04T00:00:00Z")),
    ("Παρ 24 Δεκ 2004", "UTC", Some("2004-12-24T00:00:00Z")),
    // Hungarian
    ("2004. július 8.", "UTC", Some("2004-07-08T00:00:00Z")),
    ("2004. júl. 8. 23:56", "UTC", Some("2004-07-08T23:56:00Z")),
    ("2004. márc. 15.", "UTC", Some("2004-03-15T00:00:00Z")),
    ("2004. szept. 1.", "UTC", Some("2004-09-01T00:00:00Z")),
    ("2004. febr. 29.", "UTC", Some("2004-02-29T00:00:00Z")),
    ("2004. 07. 08.", "UTC", Some("2004-07-08T00:00:00Z")),
    // Korean, Japanese
    ("2004년 7월 8일", "+09:00", Some("2004-07-07T15:00:00Z")),
    ("2004년 7월 8일 (목) 오후 11:56:58", "UTC", Some("2004-07-08T23:56:58Z")),
    ("2004년 7월 8일 오전 11:56:58", "UTC", Some("2004-07-08T11:56:58Z")),
    ("2004년 7월 8일 오후 12:30", "UTC", Some("2004-07-08T12:30:00Z")),
    ("2004. 7. 8. 오후 11:56", "UTC", Some("2004-07-08T23:56:00Z")),
    ("2004年7月8日(木) 23:56", "UTC", Some("2004-07-08T23:56:00Z")),
    // Leap seconds, limits
    ("2005-12-31T23:59:60Z", "UTC", Some("2005-12-31T23:59:59Z")),
    ("Sat, 31 Dec 2005 23:59:60 GMT", "UTC", Some("2005-12-31T23:59:59Z")),
    ("0001-01-01T00:00:00Z", "UTC", Some("0001-01-01T00:00:00Z")),
    ("9999-12-31T23:59:59Z", "UTC", Some("9999-12-31T23:59:59Z")),
    // Unreadable or out of range
    ("99999-01-01", "UTC", None),
    ("0000", "UTC", None),
    ("0000-01-01T00:00:00Z", "UTC", None),
    ("10000", "UTC", None),
    ("123456789012345678901234567890", "UTC", None),
    ("2004-04-31", "UTC", None),
    ("31.04.2004", "UTC", None),
    ("31 Apr 2004", "UTC", None),
    ("2004-02-30", "UTC", None),
    ("2003-02-29", "UTC", None),
    ("2004-13-01", "UTC", None),
    ("2004-07-08T24:00:00Z", "UTC", None),
    ("2004-07-08T23:60:00Z", "UTC", None),
    ("2004-07-08T23:59:61Z", "UTC", None),
    ("Sun, 04 Jan 2004 16:29:06 +2500", "UTC", None),
    ("Sun, 04 Jan 2004 13:29:06 PM", "UTC", None),
    ("04 Jan", "UTC", None),
    ("16:29", "UTC", None),
    ("2004-190", "UTC", None),
    ("2004-W28-4", "UTC", None),
    ("yesterday-ish", "UTC", None),
    ("", "UTC", None),
    ("Jan Feb 2004", "UTC", None),
    ("4 7 2004", "UTC", None),
    ("2004 2005", "UTC", None),
    ("Sun, 04 Jan 2004 16:29:06 GMT 16:30", "UTC", None),
];

#[test]
fn every_form() {
    let mut failures = Vec::new();
    for &(input, zone_name, want) in ROWS {
        let got = parse(input, zone(zone_name)).map(rfc);
        if got.as_deref() != want {
            failures.push(format!(
                "{input:?} in {zone_name}: got {got:?}, want {want:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(ROWS.len() >= 80);
}

/// Month names in `day month year` dates, January to December, one language a line.
const MONTHS: &[&str] = &[
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "Jan. Feb. Mrz. Apr. Mai Jun. Jul. Aug. Sep. Okt. Nov. Dez.",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "gen feb mar apr mag giu lug ago set ott nov dic",
    "januari februari maart april mei juni juli augustus september oktober november december",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "янв фев мар апр май июн июл авг сен окт ноя дек",
    "Ιανουαρίου Φεβρουαρίου Μαρτίου Απριλίου Μαΐου Ιουνίου Ιουλίου Αυγούστου Σεπτεμβρίου \
     Οκτωβρίου Νοεμβρίου Δεκεμβρίου",
];
/// Hungarian month names, written `year. month day.`.
const HUNGARIAN: &str = "január február március április május június július augusztus \
    szeptember október november december";

fn month_name(names: &str, month0: usize) -> &str {
    names.split_whitespace().nth(month0).unwrap()
}

/// Every output form of one instant `t` seen at `offset`, each with the source zone it
/// is read in and the instant it means.
fn forms(t: DateTime<Utc>, offset: FixedOffset, nanos: u32) -> Vec<(String, Zone, DateTime<Utc>)> {
    let local = t.with_timezone(&offset);
    let other = zone("Europe/Minsk");
    let utc = zone("UTC");
    let fixed = Zone::Fixed(offset);
    let z = local.format("%z").to_string();
    let hms = local.format("%H:%M:%S").to_string();
    let (y, m, d) = (local.year(), local.month0() as usize, local.day());
    let with_nanos = t + chrono::Duration::nanoseconds(i64::from(nanos));
    let minute = t - chrono::Duration::seconds(i64::from(t.second()));
    let mut out = vec![
        (
            local.format("%a, %d %b %Y %H:%M:%S %z").to_string(),
            other,
            t,
        ),
        (t.format("%a, %d %b %Y %H:%M:%S GMT").to_string(), other, t),
        (local.to_rfc3339(), other, t),
        (t.to_rfc3339_opts(SecondsFormat::Secs, true), other, t),
        (
            with_nanos
                .with_timezone(&offset)
                .to_rfc3339_opts(SecondsFormat::Nanos, false),
            other,
            with_nanos,
        ),
        (
            minute
                .with_timezone(&offset)
                .format("%Y-%m-%dT%H:%M%:z")
                .to_string(),
            other,
            minute,
        ),
        (t.format("%Y%m%dT%H%M%SZ").to_string(), other, t),
        (local.format("%Y%m%dT%H%M%S%z").to_string(), other, t),
        (t.format("%a %b %e %H:%M:%S %Y").to_string(), utc, t),
        (local.format("%d.%m.%Y %H:%M:%S").to_string(), fixed, t),
        (local.format("%Y-%m-%d %H:%M:%S").to_string(), fixed, t),
        (local.format("%Y-%m-%dT%H:%M:%S").to_string(), fixed, t),
        (
            format!("{y}. {} {d}. {hms} {z}", month_name(HUNGARIAN, m)),
            other,
            t,
        ),
    ];
    for names in MONTHS {
        let name = month_name(names, m);
        out.push((format!("{d} {name} {y} {hms} {z}"), other, t));
    }
    let (pm, h12) = local.hour12();
    let ampm = if pm { "오후" } else { "오전" };
    let korean = format!(
        "{y}년 {}월 {d}일 {ampm} {h12}:{:02}:{:02}",
        m + 1,
        local.minute(),
        local.second()
    );
    out.push((korean, fixed, t));
    out
}

proptest! {
    #[test]
    fn reads_back_every_output_form(
        secs in 0i64..4_102_444_800,
        quarters in -48i32..=56,
        nanos in 0u32..1_000_000_000,
    ) {
        let t = Utc.timestamp_opt(secs, 0).unwrap();
        let offset = FixedOffset::east_opt(quarters * 900).unwrap();
        for (text, source_zone, want) in forms(t, offset, nanos) {
            prop_assert_eq!(parse(&text, source_zone), Some(want), "{}", text);
        }
    }

    #[test]
    fn never_panics_on_any_text(s in any::<String>()) {
        let _ = parse(&s, zone("UTC"));
        let _ = parse(&s, zone("America/New_York"));
    }

    #[test]
    fn never_panics_on_date_like_text(
        s in "[0-9 :+\\-.,/()TtZz]{0,60}|[0-9]{1,80}([-.:T/ ][0-9]{1,40}){0,6}|[0-9a-zA-Z :+\\-.,éä年월일오후Μαΐ]{0,60}",
    ) {
        let _ = parse(&s, zone("UTC"));
        let _ = parse(&s, zone("Europe/Berlin"));
    }
}
