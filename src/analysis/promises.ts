import { isThenableType, unionConstituents } from 'ts-api-utils';
import ts from 'typescript';

/**
 * True when some part of `type` is a thenable: a Promise, a subclass, a custom `then(onFulfilled)` object,
 * or a union or constrained generic containing one. `any`/`unknown` are not thenables: the rules skip code
 * the checker cannot type instead of guessing.
 */
export function isThenable(checker: ts.TypeChecker, node: ts.Node, type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return false;
  return isThenableType(checker, node, type);
}

/** True when every part of `type` is a thenable, so the value can never be falsy. */
export function isAlwaysThenable(checker: ts.TypeChecker, node: ts.Node, type: ts.Type): boolean {
  const parts = unionConstituents(checker.getApparentType(type));
  return parts.length > 0 && parts.every((part) => isThenable(checker, node, part));
}

/** True when `type` is an array or tuple whose elements are thenables (`Promise<T>[]`, `[Promise<A>, Promise<B>]`). */
export function isThenableArray(checker: ts.TypeChecker, node: ts.Node, type: ts.Type): boolean {
  const parts = unionConstituents(checker.getApparentType(type));
  return parts.some((part) => {
    if (checker.isArrayType(part)) {
      const element = checker.getTypeArguments(part as ts.TypeReference)[0];
      return element !== undefined && isThenable(checker, node, element);
    }
    if (checker.isTupleType(part)) {
      return checker.getTypeArguments(part as ts.TypeReference).some((element) => isThenable(checker, node, element));
    }
    return false;
  });
}

/**
 * True when `type` is callable and every one of its call signatures returns a thenable, as an async
 * function does. A function with one sync overload is not counted: the caller may be using that one.
 */
export function returnsThenable(checker: ts.TypeChecker, node: ts.Node, type: ts.Type): boolean {
  const signatures = unionConstituents(type).flatMap((part) => part.getCallSignatures());
  return (
    signatures.length > 0 &&
    signatures.every((signature) => isThenable(checker, node, checker.getReturnTypeOfSignature(signature)))
  );
}
