export interface Order {
  id: string;
  customerEmail: string;
  items: { sku: string; quantity: number }[];
}

const orders = new Map<string, Order>();

export async function saveOrder(order: Order): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  orders.set(order.id, order);
}

export async function findOrder(id: string): Promise<Order | undefined> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return orders.get(id);
}

export async function orderExists(id: string): Promise<boolean> {
  return (await findOrder(id)) !== undefined;
}

export async function reserveStock(sku: string, quantity: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, quantity));
  if (sku === '') throw new Error('unknown sku');
}
