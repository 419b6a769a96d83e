import { test, expect, hydrated, signIn, sql } from "./fixtures";

test("a buyer reviews a delivered item with a photo and the seller's reply shows on the product page", async ({ page }, testInfo) => {
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  await page.goto("/");
  const src = await page.locator("article.card img").first().evaluate((i) => (i as HTMLImageElement).currentSrc || (i as HTMLImageElement).src);
  const photo = { name: "on-the-shelf.webp", mimeType: "image/webp", buffer: Buffer.from(await (await page.request.get(src)).body()) };
  // The demo buyer's delivered item that is waiting for a review.
  const item = sql(
    `SELECT oi.id FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN accounts a ON a.id = o.buyer_id
     WHERE a.email = 'buyer@demo.shop' AND o.delivered_at IS NOT NULL AND oi.product_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.order_item_id = oi.id) ORDER BY oi.id LIMIT 1`,
  );
  expect(item).not.toBe("");
  const product = sql(`SELECT product_id FROM order_items WHERE id = ${item}`);

  // The orders page prompts for it; the order page takes stars, words and a photo.
  await signIn(page, "buyer@demo.shop");
  await page.goto("/orders");
  await hydrated(page);
  const waiting = page.getByRole("region", { name: "Waiting for your review" });
  await expect(waiting).toBeVisible();
  await shot("orders-to-review-phone");
  await waiting.locator(`a[href$="#review-${item}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/orders/\\d+#review-${item}$`));
  await hydrated(page);
  const row = page.locator(`#review-${item}`);
  await row.getByRole("button", { name: "Write a review" }).click();
  await row.getByRole("radio", { name: "4 stars" }).check({ force: true });
  await row.getByLabel("What did you think? (optional)").fill("Solid and <i>well made</i>; the lid closes tight.");
  await row.locator("#ticket-photos").setInputFiles([photo]);
  await expect(row.getByRole("img", { name: "Attached photo" })).toBeVisible();
  await shot("order-review-form-phone");
  await row.getByRole("button", { name: "Post review" }).click();
  await expect(row.getByRole("button", { name: "Edit review" })).toBeVisible();
  await expect(row.getByText("Solid and <i>well made</i>; the lid closes tight.")).toBeVisible();
  await expect(row.getByRole("img", { name: "Photo in your review" })).toBeVisible();
  await shot("order-review-posted-phone");

  // The seller finds it unanswered in the console and replies.
  await page.context().clearCookies();
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "seller@demo.shop");
  await page.goto("/sell/reviews");
  await hydrated(page);
  const review = page.locator(".store-review", { hasText: "Solid and <i>well made</i>" });
  await expect(review).toContainText("No reply yet");
  await review.getByRole("button", { name: "Reply", exact: true }).click();
  await review.getByLabel(/Reply to/).fill("Thank you! Glad the lid fits well.");
  await review.getByRole("button", { name: "Post reply" }).click();
  await expect(review.getByText("Your reply")).toBeVisible();
  await expect(review).not.toContainText("No reply yet");
  await shot("console-reviews-desktop");

  // Anyone sees the review, its photo and the store's reply on the product page.
  await page.context().clearCookies();
  await page.setViewportSize({ width: 412, height: 915 });
  await page.goto(`/p/${product}`);
  const posted = page.locator("article.review", { hasText: "Solid and <i>well made</i>" });
  await expect(posted).toBeVisible();
  await expect(posted.getByText("Verified purchase")).toBeVisible();
  await expect(posted.getByRole("img", { name: "Photo from a buyer" })).toBeVisible();
  await expect(posted.locator(".review-reply")).toContainText("Thank you! Glad the lid fits well.");
  await posted.scrollIntoViewIfNeeded();
  await shot("product-review-with-reply-phone");
});
