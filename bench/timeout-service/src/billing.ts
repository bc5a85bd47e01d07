import axios from 'axios';

import { config } from './config.js';

const billing = axios.create({
  baseURL: config.billingUrl,
  timeout: config.requestTimeoutMs,
  headers: { 'x-service': 'orders' },
});

export interface Invoice {
  id: string;
  total: number;
  status: 'open' | 'paid';
}

export async function getInvoice(id: string): Promise<Invoice> {
  const { data } = await billing.get<Invoice>(`/invoices/${id}`);
  return data;
}

export async function payInvoice(id: string, token: string): Promise<Invoice> {
  const { data } = await billing.post<Invoice>(`/invoices/${id}/pay`, { token });
  return data;
}

export async function exchangeRate(from: string, to: string): Promise<number> {
  const { data } = await axios.get<{ rate: number }>(`https://rates.example.com/latest`, {
    params: { from, to },
  });
  return data.rate;
}

export async function voidInvoice(id: string): Promise<void> {
  await axios.delete(`${config.billingUrl}/invoices/${id}`, { timeout: 2000 });
}
