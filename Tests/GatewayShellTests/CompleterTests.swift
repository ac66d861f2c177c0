import Foundation
import Testing

@testable import GatewayShell

@Suite("Tab completion")
struct CompleterTests {
  let completer = Completer(
    commands: ["load", "use", "set", "unset", "header", "unheader", "body", "send", "show", "save", "help"],
    appNames: ["demo", "echo", "excinfo"], loadedNames: ["demo", "shop"])

  @Test("the first word completes to commands, and upper case to HTTP methods")
  func firstWord() {
    #expect(completer.complete("hea", after: "").matches == ["header"])
    #expect(completer.complete("s", after: "").matches == ["save", "send", "set", "show"])
    #expect(completer.complete("P", after: "").matches == ["PATCH", "POST", "PROPFIND", "PROPPATCH", "PUT"])
    #expect(completer.complete("MKC", after: "").matches == ["MKCALENDAR", "MKCOL"])
  }

  @Test("after load come app names and the cgi: and python: schemes; after use the loaded apps")
  func apps() {
    #expect(completer.complete("e", after: "load ").matches == ["echo", "excinfo"])
    let schemes = completer.complete("", after: "load ")
    #expect(schemes.matches.contains("cgi:") && schemes.matches.contains("python:"))
    #expect(completer.complete("py", after: "load ") == .init(matches: ["python:"], isFinished: false))
    #expect(completer.complete("s", after: "use ").matches == ["shop"])
  }

  @Test("after set and unset come environ keys, after header header names with their colon")
  func keysAndHeaders() {
    #expect(completer.complete("QUERY", after: "set ").matches == ["QUERY_STRING"])
    #expect(completer.complete("wsgi.multi", after: "unset ").matches == ["wsgi.multiprocess", "wsgi.multithread"])
    #expect(completer.complete("content-t", after: "header ").matches == ["Content-Type:"])
    #expect(completer.complete("Auth", after: "unheader ").matches == ["Authorization"])
    #expect(completer.complete("x", after: "header Accept: ").matches.isEmpty)
  }

  @Test("after @, save and cgi: come file paths, folders ending in a slash; after python: the modules")
  func paths() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gwsh-complete-\(getpid())").path
    try FileManager.default.createDirectory(atPath: folder + "/payloads", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(FileManager.default.createFile(atPath: folder + "/payloads/order.json", contents: Data("{}".utf8)))
    #expect(FileManager.default.createFile(atPath: folder + "/app.cgi", contents: Data()))
    var inFolder = completer
    inFolder.directory = folder
    #expect(inFolder.complete("pay", after: "body @") == .init(matches: ["payloads/"], isFinished: false))
    #expect(inFolder.complete("payloads/o", after: "body @").matches == ["payloads/order.json"])
    #expect(inFolder.complete("a", after: "save ").matches == ["app.cgi"])
    #expect(inFolder.complete("cgi:a", after: "load ").matches == ["cgi:app.cgi"])
    #expect(FileManager.default.createFile(atPath: folder + "/shop.py", contents: Data()))
    try FileManager.default.createDirectory(atPath: folder + "/shopkit", withIntermediateDirectories: true)
    #expect(FileManager.default.createFile(atPath: folder + "/shopkit/__init__.py", contents: Data()))
    #expect(
      inFolder.complete("python:sh", after: "load ")
        == .init(matches: ["python:shop:", "python:shopkit:"], isFinished: false))
  }

  @Test("after python:MODULE: come the module's top-level names that could be its WSGI callable, read, not imported")
  func pythonCallables() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gwsh-callables-\(getpid())").path
    try FileManager.default.createDirectory(atPath: folder + "/mysite", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let source = """
      import os
      from flask import Flask
      from .views import (api, admin_site as admin)
      DEBUG = True
      _cache = {}
      app = Flask(__name__)
      application: object = app
      if DEBUG:
          debug_app = app
      def make_app(config=None):
          inner = 1
          return app
      class Middleware:
          pass
      raise SystemExit("importing this would stop the worker")

      """
    #expect(FileManager.default.createFile(atPath: folder + "/shop.py", contents: Data(source.utf8)))
    #expect(
      FileManager.default.createFile(
        atPath: folder + "/mysite/wsgi.py", contents: Data("application = get_wsgi_application()\n".utf8)))
    var inFolder = completer
    inFolder.directory = folder
    #expect(
      inFolder.complete("python:shop:", after: "load ").matches == [
        "python:shop:Flask", "python:shop:Middleware", "python:shop:admin", "python:shop:api", "python:shop:app",
        "python:shop:application", "python:shop:make_app",
      ])
    #expect(
      inFolder.complete("python:shop:ap", after: "load ")
        == .init(matches: ["python:shop:api", "python:shop:app", "python:shop:application"], isFinished: true))
    #expect(inFolder.complete("python:shop:_", after: "load ").matches == ["python:shop:_cache"])
    #expect(inFolder.complete("python:shop:D", after: "load ").matches == ["python:shop:DEBUG"])
    #expect(inFolder.complete("python:mysite.wsgi:", after: "load ").matches == ["python:mysite.wsgi:application"])
    #expect(inFolder.complete("python:missing:", after: "load ").matches.isEmpty)
  }
}
