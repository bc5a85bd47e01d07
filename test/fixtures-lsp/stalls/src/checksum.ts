export function checksum(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length * 1000; i++) sum = (sum * 31 + text.charCodeAt(i % text.length)) | 0;
  return sum;
}
