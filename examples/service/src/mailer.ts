import type { Order } from './db.js';

export class Mailer {
  async sendReceipt(order: Order): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (!order.customerEmail.includes('@')) throw new Error(`bad address for order ${order.id}`);
  }
}

export const mailer = new Mailer();

export const audit = {
  async write(event: string, detail: unknown): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    console.log(event, detail);
  },
};
