/// A cookie's `Expires` date, read as RFC 6265 (5.1.1) tells a user agent to read one: leniently,
/// token by token, so each of the formats servers write (`Wed, 09 Jun 2021 10:18:14 GMT`,
/// `Wednesday, 09-Jun-21 10:18:14 GMT`, `Wed Jun  9 10:18:14 2021`) gives the same moment.
enum CookieDate {
  /// The date as seconds since 1970 (UTC), or `nil` when it names no valid date.
  static func secondsSinceEpoch(_ text: String) -> Int? {
    var time: (hour: Int, minute: Int, second: Int)?
    var day: Int?
    var month: Int?
    var year: Int?
    let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    // Delimiters are everything but digits, letters and ':' (RFC 6265's non-delimiters, near enough).
    let tokens = text.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == ":")) }
    for token in tokens {
      if time == nil, let found = clock(token) {
        time = found
      } else if day == nil, let digits = leadingDigits(token, 1...2) {
        day = digits
      } else if month == nil, let index = months.firstIndex(of: String(token.prefix(3)).lowercased()) {
        month = index + 1
      } else if year == nil, let digits = leadingDigits(token, 2...4) {
        year = digits
      }
    }
    guard let time, let day, let month, var year else { return nil }
    if year < 70 { year += 2000 } else if year < 100 { year += 1900 }
    guard (1...31).contains(day), year >= 1601, time.hour <= 23, time.minute <= 59, time.second <= 59 else {
      return nil
    }
    return daysSinceEpoch(year: year, month: month, day: day) * 86_400 + time.hour * 3600 + time.minute * 60
      + time.second
  }

  /// `hh:mm:ss`, each part one or two digits.
  private static func clock(_ token: Substring) -> (hour: Int, minute: Int, second: Int)? {
    let parts = token.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 3, let hour = leadingDigits(parts[0], 1...2), let minute = leadingDigits(parts[1], 1...2),
      let second = leadingDigits(parts[2], 1...2)
    else { return nil }
    return (hour, minute, second)
  }

  /// The number the token starts with, when it has `count` digits (and anything after them is not a digit).
  private static func leadingDigits(_ token: Substring, _ count: ClosedRange<Int>) -> Int? {
    let digits = token.prefix { $0.isASCII && $0.isNumber }
    guard count.contains(digits.count) else { return nil }
    return Int(digits)
  }

  /// Days from 1970-01-01 to the date, in the proleptic Gregorian calendar.
  static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
    // Howard Hinnant's days_from_civil: March-based years make February the last month.
    let shifted = month <= 2 ? year - 1 : year
    let era = (shifted >= 0 ? shifted : shifted - 399) / 400
    let yearOfEra = shifted - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}
