import { orderExists, reserveStock, saveOrder, type Order } from './db.js';
import { audit, mailer } from './mailer.js';

export async function placeOrder(order: Order): Promise<{ status: number }> {
  if (orderExists(order.id)) {
    return { status: 409 };
  }

  order.items.forEach(async (item) => {
    await reserveStock(item.sku, item.quantity);
  });

  await saveOrder(order);
  mailer.sendReceipt(order);
  const logged = audit.write('order.placed', { id: order.id });

  return { status: 201 };
}

// Correct versions of the same steps: the demo reports nothing here.
export async function placeOrderCarefully(order: Order): Promise<{ status: number }> {
  if (await orderExists(order.id)) {
    return { status: 409 };
  }
  for (const item of order.items) {
    await reserveStock(item.sku, item.quantity);
  }
  await saveOrder(order);
  mailer.sendReceipt(order).catch((error) => console.error('receipt failed', error));
  await audit.write('order.placed', { id: order.id });
  return { status: 201 };
}
