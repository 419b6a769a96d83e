import { defineConfig, devices } from "@playwright/test";

// The browser tests run the release server on its own port with a fresh, seeded
// SQLite database. Set BASE_URL to test a server that is already running instead.
const port = 3100;
const external = process.env.BASE_URL;
const data = "../target/e2e";

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: external ?? `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "phone", use: { ...devices["Pixel 7"], viewport: { width: 412, height: 915 } } },
  ],
  webServer: external
    ? undefined
    : {
        command:
          `rm -rf ${data} && mkdir -p ${data} && ../target/release/server seed-demo --products 240 && ../target/release/server serve`,
        url: `http://127.0.0.1:${port}/healthz`,
        timeout: 180_000,
        reuseExistingServer: false,
        stdout: "ignore",
        stderr: "pipe",
        env: {
          DATABASE_URL: `sqlite://${data}/e2e.db`,
          IMAGE_DIR: `${data}/images`,
          BIND_ADDR: `127.0.0.1:${port}`,
          PUBLIC_URL: `http://127.0.0.1:${port}`,
          LEPTOS_SITE_ROOT: "../target/site",
          RUST_LOG: "warn",
          // Every test signs in from the same loopback address; the limit itself is
          // tested in server/tests/api/accounts.rs.
          AUTH_LIMIT_PER_IP: "1000",
        },
      },
});
