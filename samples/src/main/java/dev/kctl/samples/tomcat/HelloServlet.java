package dev.kctl.samples.tomcat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.nio.charset.StandardCharsets;

/** Answers {@code GET /} with the greeting and {@code GET /healthz} with {@code ok}; 404 elsewhere. */
final class HelloServlet extends HttpServlet {
  @Serial private static final long serialVersionUID = 1L;

  private final transient TomcatApp.AppConfig config;

  HelloServlet(TomcatApp.AppConfig config) {
    this.config = config;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    switch (request.getServletPath()) {
      case "/", "" -> reply(response, config.greeting());
      case "/healthz" -> reply(response, "ok");
      default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }

  private static void reply(HttpServletResponse response, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/plain;charset=UTF-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
