import Foundation
import JSON
import Testing

/// Every case of the JSONPath Compliance Test Suite (RFC 9535's official
/// tests, `ComplianceSuite/cts.json`): a valid path gives one of the expected
/// node lists, an invalid one is a parse error.
@Suite("JSONPath compliance (RFC 9535 test suite)")
struct JSONPathComplianceTests {
  struct Case {
    var name: String
    var selector: String
    var document: JSONValue?
    /// The acceptable node lists; empty for an invalid selector.
    var results: [[JSONValue]]
    /// The Normalized Paths of those nodes, list by list.
    var paths: [[String]]
  }

  static func cases() throws -> [Case] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("ComplianceSuite/cts.json")
    let suite = try JSONValue(parsing: Array(try Data(contentsOf: url)))
    guard case .array(let tests)? = suite["tests"] else { return [] }
    return tests.map { test in
      var results: [[JSONValue]] = []
      if case .array(let nodes)? = test["result"] { results = [nodes] }
      if case .array(let lists)? = test["results"] {
        results = lists.map { list in
          guard case .array(let nodes) = list else { return [] }
          return nodes
        }
      }
      var paths: [[String]] = []
      if case .array(let list)? = test["result_paths"] { paths = [list.map(\.plainText)] }
      if case .array(let lists)? = test["results_paths"] {
        paths = lists.map { list in
          guard case .array(let items) = list else { return [] }
          return items.map(\.plainText)
        }
      }
      return Case(
        name: test["name"]?.plainText ?? "?", selector: test["selector"]?.plainText ?? "",
        document: test["invalid_selector"] == .bool(true) ? nil : test["document"], results: results, paths: paths)
    }
  }

  @Test(
    "every case of the suite passes: valid paths select the expected nodes at the expected paths, invalid ones do not parse"
  )
  func wholeSuite() throws {
    let cases = try Self.cases()
    #expect(cases.count == 703)
    var failures: [String] = []
    for test in cases {
      let path: JSONPath
      do {
        path = try JSONPath(parsing: test.selector)
      } catch {
        if test.document != nil { failures.append("\(test.name): \(test.selector) did not parse: \(error)") }
        continue
      }
      guard let document = test.document else {
        failures.append("\(test.name): \(test.selector) parsed but is invalid")
        continue
      }
      let nodes = path.query(document)
      if !test.results.contains(nodes) {
        failures.append("\(test.name): \(test.selector) gave \(JSONValue.array(nodes)), expected \(test.results)")
      }
      let located = path.locate(document)
      if !test.paths.contains(located.map(\.path)) || located.map(\.value) != nodes {
        failures.append("\(test.name): \(test.selector) located \(located.map(\.path)), expected \(test.paths)")
      }
    }
    let passed = cases.count - failures.count
    #expect(failures.isEmpty, "\(passed) of \(cases.count) passed; failing:\n\(failures.joined(separator: "\n"))")
  }
}
