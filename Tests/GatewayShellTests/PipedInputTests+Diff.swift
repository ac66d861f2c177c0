import Testing

/// `show diff` through the real binary, against a real Python app whose answer changes.
extension PipedInputTests {
  @Test("show diff prints what changed in an answer since the same request was last sent, or that nothing did")
  func showDiffPrintsTheChange() throws {
    let app = """
      import json
      hits = [0]

      def app(environ, start_response):
          path = environ["PATH_INFO"]
          if path == "/hit":
              hits[0] += 1
          start_response("200 OK", [("Content-Type", "application/json")])
          return [json.dumps({"hits": hits[0] if path == "/hit" else 0, "path": path, "padding": "x" * 60}).encode()]
      """
    let result = try run(
      "GET /hit\nshow diff\nGET /hit\nGET /other\nGET /hit\nshow diff\nGET /other\nshow diff\n",
      arguments: ["python:counter:app"], files: ["counter.py": app])
    #expect(result.output.contains("GET /hit was not sent before in this session: nothing to compare with"))
    #expect(result.output.contains("what changed in the answer to GET /hit since it was last sent (2 answers ago):"))
    #expect(result.output.contains("--- the answer before\n+++ the last answer\n@@ "))
    #expect(result.output.contains("\n-  \"hits\": 2,\n+  \"hits\": 3,\n"))
    #expect(result.output.contains("the same answer to GET /other as when it was last sent (2 answers ago)"))
    #expect(result.status == 0)
  }
}
