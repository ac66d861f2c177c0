import AppLoaders
import Gateway
import Glibc
import TestSupport
import Testing

/// `git http-backend`, a CGI program no one here wrote, serving a real repository.
@Suite("git http-backend")
struct GitHTTPBackendTests {
  static let backend = run(["git", "--exec-path"]).output.split(separator: 10).first.map {
    String(decoding: $0, as: UTF8.self) + "/git-http-backend"
  }

  /// A repository with one commit, and the commit's id.
  func makeRepository(in directory: TemporaryFolder) -> String {
    let repository = directory.path + "/project"
    run([
      "/bin/sh", "-c",
      """
      git init -q '\(repository)' && cd '\(repository)' && echo hello > README && git add README && \
      git -c user.name=T -c user.email=t@example.com commit -q -m first
      """,
    ])
    let head = run(["git", "rev-parse", "HEAD"], directory: repository).output
    return String(decoding: head.prefix(40), as: UTF8.self)
  }

  @Test("fetches the ref advertisement and then a pack", .enabled(if: SystemTools.which("git") != nil))
  func fetchRefsAndPack() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let commit = makeRepository(in: directory)
    let app = try AppLoader(options: LoadOptions(workingDirectory: directory.path)).load(.cgi(path: Self.backend!))
    let environment: [(String, EnvironValue?)] = [
      ("GIT_PROJECT_ROOT", .string(directory.path)), ("GIT_HTTP_EXPORT_ALL", .string("1")),
    ]

    let refs = dispatch(app, target: "/project/info/refs?service=git-upload-pack", overrides: environment)
    #expect(refs.status == "200 OK")
    #expect(refs.header("Content-Type") == "application/x-git-upload-pack-advertisement")
    #expect(refs.bodyText.hasPrefix("001e# service=git-upload-pack\n0000"))
    #expect(refs.bodyText.contains("\(commit) HEAD"))

    let want = "want \(commit)\n"
    let hex = String(want.utf8.count + 4, radix: 16)
    let request = String(repeating: "0", count: 4 - hex.count) + hex + want + "0000" + "0009done\n"
    let pack = dispatch(
      app, method: "POST", target: "/project/git-upload-pack",
      headers: [HeaderField("Content-Type", "application/x-git-upload-pack-request")],
      body: .bytes(Array(request.utf8)), overrides: environment)
    #expect(pack.status == "200 OK")
    #expect(pack.header("Content-Type") == "application/x-git-upload-pack-result")
    #expect(pack.body.head.starts(with: Array("0008NAK\nPACK".utf8)))
    #expect(pack.outcome == .completed)
  }
}
