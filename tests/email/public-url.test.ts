import { describe, expect, it } from "vitest";
import { publicUrl, ticketUrl } from "../../app/modules/email/public-url";

describe("links in emails and invitations", () => {
  it("use PUBLIC_URL, without a trailing slash", () => {
    expect(publicUrl({ PUBLIC_URL: "https://portal.example.com/", PORT: "8080" })).toBe(
      "https://portal.example.com",
    );
  });

  it("without PUBLIC_URL, point at this machine on the port the server listens on", () => {
    expect(publicUrl({ PORT: "3400" })).toBe("http://127.0.0.1:3400");
    expect(publicUrl({})).toBe("http://127.0.0.1:3000");
  });

  it("name the tenant and the ticket", () => {
    expect(ticketUrl("northwind", "INC-000042")).toMatch(/\/t\/northwind\/tickets\/INC-000042$/);
  });
});
